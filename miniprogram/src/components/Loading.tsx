import { Text, View } from '@tarojs/components';

/** A quiet "正在…" line while something loads. */
export function LoadingLine({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="hz-loading">
      <View className="hz-loading-dot" />
      <Text>{text}</Text>
    </View>
  );
}
