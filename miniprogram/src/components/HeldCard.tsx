import { Text, View } from '@tarojs/components';
import { formatTime } from '../services/format';
import { SOURCE_LABELS } from '../services/labels';
import { jumpText, jumpedLines } from '../stores/count-entry';
import type { HeldView } from '../services/types';
import { Button, Tag } from './nutui';

interface HeldCardProps {
  held: HeldView;
  now: number;
  resolving: string | null;
  /** The operator sees whose report it is; the supplier knows. */
  showSupplier?: boolean;
  discardText?: string;
  onConfirm(heldId: string): void;
  onDiscard(heldId: string): void;
}

/** One held report per supplier: the newer says whose it replaced. */
export function replacedText(replaced: NonNullable<HeldView['replaced']>, now: number): string {
  return `已替换 ${formatTime(replaced.reportedAt, now)} ${replaced.reportedBy} 的待确认报数`;
}

/** A held report waiting for a decision: who sent it, when, how, and each line that jumped. */
export function HeldCard({ held, now, resolving, showSupplier, discardText = '丢弃', onConfirm, onDiscard }: HeldCardProps) {
  const busy = resolving === held.id;
  const jumped = jumpedLines(held);
  return (
    <View className="hz-card hz-held-card">
      <View className="hz-held-card-head">
        <Text className="hz-held-card-title">{showSupplier ? held.supplierName : '待确认的报数'}</Text>
        <Tag type="warning" plain>
          待确认
        </Tag>
      </View>
      <Text className="hz-muted">
        {held.reportedBy} · {formatTime(held.reportedAt, now)} · {SOURCE_LABELS[held.source]}
        {held.note ? ` · ${held.note}` : ''}
      </Text>
      {held.replaced && <Text className="hz-muted hz-held-replaced">{replacedText(held.replaced, now)}</Text>}
      <View className="hz-held-card-lines">
        {jumped.map((line) => (
          <Text key={line.skuId} className="hz-held-line">
            {jumpText(line)}
          </Text>
        ))}
        {held.lines.length > jumped.length && <Text className="hz-muted">另有 {held.lines.length - jumped.length} 个商品变化不大</Text>}
        {held.partOf && <Text className="hz-muted">同次报数的其他商品变化不大，已经生效</Text>}
      </View>
      <View className="hz-held-card-actions">
        <Button size="small" className="hz-held-discard" disabled={busy} onClick={() => onDiscard(held.id)}>
          {discardText}
        </Button>
        <Button size="small" type="primary" className="hz-held-confirm" loading={busy} disabled={busy} onClick={() => onConfirm(held.id)}>
          确认无误
        </Button>
      </View>
    </View>
  );
}
