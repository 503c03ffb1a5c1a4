import { Text, View } from '@tarojs/components';
import { NumberInput } from './NumberInput';

interface CountStepperProps {
  value: string;
  /** Read by screen readers and tests: "赣南脐橙 5斤装 库存数量". */
  label: string;
  focus: boolean;
  /** The last box: the keyboard says 完成 instead of 下一项. */
  last: boolean;
  disabled?: boolean;
  onChange(text: string): void;
  onStep(delta: number): void;
  onFocus(): void;
  onBlur(): void;
  /** Enter / the keyboard's 下一项 key. */
  onNext(): void;
}

/**
 * − [count] + with typing. NutUI's InputNumber cannot move the keyboard to the next box
 * (no confirm/focus props), reports a blank box as 0, and drops aria labels; the box is a
 * NumberInput, which keeps what was typed.
 */
export function CountStepper({ value, label, focus, last, disabled, onChange, onStep, onFocus, onBlur, onNext }: CountStepperProps) {
  return (
    <View className={`hz-stepper${disabled ? ' hz-stepper--disabled' : ''}`}>
      <View className="hz-stepper-btn hz-stepper-minus" aria-label={`${label} 减一`} onClick={() => !disabled && onStep(-1)}>
        <Text>−</Text>
      </View>
      <NumberInput
        className="hz-stepper-input"
        value={value}
        placeholder="件数"
        disabled={disabled}
        focus={focus}
        confirmType={last ? 'done' : 'next'}
        label={label}
        onChange={onChange}
        onFocus={onFocus}
        onBlur={onBlur}
        onConfirm={onNext}
      />
      <View className="hz-stepper-btn hz-stepper-plus" aria-label={`${label} 加一`} onClick={() => !disabled && onStep(1)}>
        <Text>+</Text>
      </View>
    </View>
  );
}
