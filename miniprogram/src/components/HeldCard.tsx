import { Text, View } from '@tarojs/components';
import { formatTime } from '../services/format';
import { SOURCE_LABELS } from '../services/labels';
import { jumpText } from '../stores/count-entry';
import { type HeldGroup, replacedText } from '../stores/held-group';
import { Button, Tag } from './nutui';

interface HeldCardProps {
  group: HeldGroup;
  now: number;
  /** A decision is under way (this card's or another's). */
  busy: boolean;
  /** The operator sees whose report it is; the supplier knows. */
  showSupplier?: boolean;
  /** Why the last decision on this card stopped, and which lines still wait. */
  error?: string | null;
  onConfirm(group: HeldGroup): void;
  onDiscard(group: HeldGroup): void;
}

/**
 * One card per supplier for everything of it held for a jump: each held report's lines
 * under its own time, who and how (the newest line per SKU; an older one it replaced is
 * named), and one 确认无误 / 丢弃 that acts on all of them. The same card on the supplier's
 * report page and the operator's held page.
 */
export function HeldCard({ group, now, busy, showSupplier, error, onConfirm, onDiscard }: HeldCardProps) {
  return (
    <View className="hz-card hz-held-card">
      <View className="hz-held-card-head">
        <Text className="hz-held-card-title">{showSupplier ? group.supplierName : '待确认的报数'}</Text>
        <Tag type="warning" plain>
          待确认
        </Tag>
      </View>
      <Text className="hz-muted hz-held-card-summary">{group.lineCount} 个商品与上次相差很大，确认无误后才会更新库存</Text>
      {group.blocks.map(({ held, lines, replaced }) => {
        const jumped = lines.filter((l) => l.jump);
        return (
          <View key={held.id} className="hz-held-card-lines">
            <Text className="hz-muted hz-held-meta">
              {held.reportedBy} · {formatTime(held.reportedAt, now)} · {SOURCE_LABELS[held.source]}
              {held.note ? ` · ${held.note}` : ''}
            </Text>
            {jumped.map((line) => (
              <Text key={line.skuId} className="hz-held-line">
                {jumpText(line)}
              </Text>
            ))}
            {lines.length > jumped.length && <Text className="hz-muted">另有 {lines.length - jumped.length} 个商品变化不大</Text>}
            {replaced.map((r) => (
              <Text key={`${r.reportedAt}-${r.line?.skuId ?? ''}`} className="hz-muted hz-held-replaced">
                {replacedText(r, now)}
              </Text>
            ))}
            {held.partOf && <Text className="hz-muted">同次报数的其他商品变化不大，已经生效</Text>}
          </View>
        );
      })}
      {error && <Text className="hz-field-error hz-held-card-error">{error}</Text>}
      <View className="hz-held-card-actions">
        <Button size="small" className="hz-held-discard" disabled={busy} onClick={() => onDiscard(group)}>
          丢弃
        </Button>
        <Button size="small" type="primary" className="hz-held-confirm" loading={busy} disabled={busy} onClick={() => onConfirm(group)}>
          确认无误
        </Button>
      </View>
    </View>
  );
}
