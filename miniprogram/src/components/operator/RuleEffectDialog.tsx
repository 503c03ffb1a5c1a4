import { Text, View } from '@tarojs/components';
import type { RuleChangePreview } from '../../services/types';
import { Button, Dialog } from '../nutui';

/** "将影响 3 个商品，可售合计减少 12 件": what saving does to sellable, in one line. */
export function effectSummary(preview: RuleChangePreview): string {
  const delta = preview.sellableAfter - preview.sellableBefore;
  const total = delta === 0 ? '可售合计不变' : `可售合计${delta < 0 ? '减少' : '增加'} ${Math.abs(delta)} 件`;
  return `将影响 ${preview.skus} 个商品，${total}`;
}

/** "赣南脐橙 5斤装：可售 24 → 15（-9）". */
export function effectLine(change: RuleChangePreview['largest'][number]): string {
  const delta = change.after - change.before;
  return `${change.name}${change.spec ? ` ${change.spec}` : ''}：可售 ${change.before} → ${change.after}（${delta > 0 ? '+' : ''}${delta}）`;
}

interface RuleEffectDialogProps {
  preview: RuleChangePreview | null;
  saving: boolean;
  onConfirm(): void;
  onBack(): void;
}

/** Before a change of rules is saved, what it would do to sellable (DESIGN §8: the consequence first). */
export function RuleEffectDialog({ preview, saving, onConfirm, onBack }: RuleEffectDialogProps) {
  const others = preview ? preview.skus - preview.largest.length : 0;
  return (
    <Dialog
      className="hz-rule-effect"
      visible={preview !== null}
      title="保存前请确认影响"
      closeOnOverlayClick={false}
      lockScroll
      footer={
        <View className="hz-dialog-actions">
          <Button disabled={saving} onClick={onBack}>
            返回修改
          </Button>
          <Button type="primary" loading={saving} disabled={saving} onClick={onConfirm}>
            确认保存
          </Button>
        </View>
      }
    >
      {preview && (
        <View className="hz-held-body">
          <Text className="hz-rule-effect-summary">{effectSummary(preview)}</Text>
          <Text className="hz-held-intro">保存后立即按新设置重新计算可售库存，团长马上看到新的数量。变化最大的商品：</Text>
          {preview.largest.map((change) => (
            <Text key={change.skuId} className="hz-rule-effect-line">
              {effectLine(change)}
            </Text>
          ))}
          {others > 0 && <Text className="hz-muted">另有 {others} 个商品变化较小</Text>}
        </View>
      )}
    </Dialog>
  );
}
