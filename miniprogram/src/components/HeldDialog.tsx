import { Text, View } from '@tarojs/components';
import { jumpText, jumpedLines } from '../stores/count-entry';
import type { HeldView } from '../services/types';
import { Button, Dialog } from './nutui';
import { replacedText } from '../stores/held-group';
import { now } from '../services/clock';

interface HeldDialogProps {
  held: HeldView | null;
  /** The held report being confirmed or discarded right now. */
  resolving: string | null;
  error?: string | null;
  /** Said on the discard button: the same 丢弃 on the supplier's and the operator's pages; an import says 放弃导入. */
  discardText?: string;
  onConfirm(heldId: string): void;
  onDiscard(heldId: string): void;
}

/** A count that jumped is not applied until someone says it is right (DESIGN §8). */
export function HeldDialog({ held, resolving, error, discardText = '丢弃', onConfirm, onDiscard }: HeldDialogProps) {
  const jumped = held ? jumpedLines(held) : [];
  const others = held ? held.lines.length - jumped.length : 0;
  const busy = held !== null && resolving === held.id;
  return (
    <Dialog
      className="hz-held-dialog"
      visible={held !== null}
      title="数量变化很大，请确认"
      closeOnOverlayClick={false}
      lockScroll
      footer={
        held ? (
          <View className="hz-dialog-actions">
            <Button className="hz-held-discard" disabled={busy} onClick={() => onDiscard(held.id)}>
              {discardText}
            </Button>
            <Button className="hz-held-confirm" type="primary" loading={busy} disabled={busy} onClick={() => onConfirm(held.id)}>
              确认无误
            </Button>
          </View>
        ) : null
      }
    >
      <View className="hz-held-body">
        <Text className="hz-held-intro">
          {held?.partOf
            ? '以下商品与上次相差很大，还没有生效，确认无误后才会更新库存。这次报数的其他商品变化不大，已经生效。'
            : '以下商品与上次相差很大。这次报数还没有生效，确认无误后才会更新库存。'}
        </Text>
        {held?.replaced && <Text className="hz-muted hz-held-replaced">{replacedText(held.replaced, now())}</Text>}
        {jumped.map((line) => (
          <Text key={line.skuId} className="hz-held-line">
            {jumpText(line)}
          </Text>
        ))}
        {others > 0 && <Text className="hz-muted">另有 {others} 个商品变化不大，将一起生效</Text>}
        {error && <Text className="hz-field-error">{error}</Text>}
      </View>
    </Dialog>
  );
}
