import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { type OrderImportStore, useOrderImport } from '../stores/order-import';
import { Button } from './nutui';
import { FilePicker } from './operator/FilePicker';

/**
 * 从平台导入订单: the leader's 快团团, 群接龙 or 有赞 order export becomes orders here, each
 * platform order one order; importing the same file again adds nothing. An operator's page
 * passes a store for the leader it imports for, and its own title.
 */
export const OrderImport = observer(function OrderImport({ onImported, store, title = '从平台导入订单' }: { onImported(): void; store?: OrderImportStore; title?: string }) {
  const own = useOrderImport();
  const im = store ?? own;
  const r = im.result;
  return (
    <View className="hz-card hz-order-import">
      <Text className="hz-section-title">{title}</Text>
      <Text className="hz-muted">快团团、群接龙、有赞后台导出的订单表（.xlsx 或 .csv）；同一份表重复导入不会重复下单</Text>
      <FilePicker file={im.file} disabled={im.busy} label="选择订单导出文件" onPick={(f) => im.pick(f)} onChoose={() => void im.choose()} />
      <Button type="primary" block className="hz-order-import-button" disabled={!im.file || im.busy} loading={im.busy}
        onClick={() => void im.importFile().then((added) => added && onImported())}>
        {im.phase === 'uploading' ? '上传中…' : im.phase === 'importing' ? '导入中…' : '导入订单'}
      </Button>
      {r && (
        <View className="hz-banner hz-banner--success hz-order-import-result">
          <Text className="hz-banner-title">{r.platform}订单：{r.message}</Text>
          {r.imported.map((o) => (
            <Text key={o.platformOrderNo} className="hz-order-import-line">
              {r.platform} {o.platformOrderNo} → 订单号 {o.orderNo ?? o.orderId}，{o.lineCount} 种商品共 {o.units} 件
            </Text>
          ))}
          {r.pending.length > 0 && (
            <Button size="small" className="hz-order-import-again" disabled={im.busy} onClick={() => void im.importFile().then((added) => added && onImported())}>
              继续导入剩下的 {r.pending.length} 单
            </Button>
          )}
          {[...r.conflicts, ...r.failed].map((c) => (
            <Text key={c.platformOrderNo} className="hz-field-error hz-order-import-problem">
              {c.message}
            </Text>
          ))}
          {r.notes.map((n) => (
            <Text key={n} className="hz-muted hz-order-import-note">
              {n}
            </Text>
          ))}
        </View>
      )}
      {im.phase === 'failed' && (
        <View className="hz-banner hz-banner--error hz-order-import-result">
          <Text className="hz-banner-title">没有导入</Text>
          <Text>{im.error}</Text>
          {im.badLines.map((l) => (
            <Text key={`${l.line}-${l.message}`} className="hz-bad-line">
              {l.message}
            </Text>
          ))}
        </View>
      )}
    </View>
  );
});
