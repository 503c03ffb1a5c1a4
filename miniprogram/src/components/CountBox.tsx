import { observer } from 'mobx-react-lite';
import type { CountBoxes } from '../stores/count-boxes';
import { CountStepper } from './CountStepper';

interface CountBoxProps {
  boxes: CountBoxes;
  skuId: string;
  /** Read by screen readers and tests: "赣南脐橙 5斤装 库存数量". */
  label: string;
  /** The last count: where − and + start from in a blank box. */
  lastCount: number | null;
  disabled: boolean;
}

/** One SKU's stepper in a count: typing, − and +, and the keyboard moving down the list. */
export const CountBox = observer(function CountBox({ boxes, skuId, label, lastCount, disabled }: CountBoxProps) {
  return (
    <CountStepper
      value={boxes.draftOf(skuId)}
      label={label}
      focus={boxes.focused === skuId}
      last={boxes.isLast(skuId)}
      disabled={disabled}
      onChange={(text) => boxes.set(skuId, text)}
      onStep={(delta) => boxes.step(skuId, delta, lastCount)}
      onFocus={() => boxes.focus(skuId)}
      onBlur={() => boxes.blurred(skuId)}
      onNext={() => boxes.focusNext(skuId)}
    />
  );
});
