import { Text, View } from '@tarojs/components';
import { nav, type PagePath } from '../services/nav';

/** "‹ 工作台": H5 has no navigation bar back button, and a relaunched page has nothing below it. */
export function BackBar({ to, label, right }: { to: PagePath; label: string; right?: string }) {
  return (
    <View className="hz-backbar">
      <Text className="hz-backbar-link" onClick={() => nav.backTo(to)}>
        ‹ {label}
      </Text>
      {right && <Text className="hz-muted">{right}</Text>}
    </View>
  );
}
