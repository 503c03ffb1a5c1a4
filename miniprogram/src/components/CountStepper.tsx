import { Text, View } from '@tarojs/components';
import { Input } from './nutui';

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
 * (no confirm/focus props), reports a blank box as 0, and drops aria labels; this keeps its
 * look with NutUI's Input, which passes all three through to Taro's input.
 */
export function CountStepper({ value, label, focus, last, disabled, onChange, onStep, onFocus, onBlur, onNext }: CountStepperProps) {
  return (
    <View className={`hz-stepper${disabled ? ' hz-stepper--disabled' : ''}`}>
      <View className="hz-stepper-btn hz-stepper-minus" aria-label={`${label} 减一`} onClick={() => !disabled && onStep(-1)}>
        <Text>−</Text>
      </View>
      <Input
        className="hz-stepper-input"
        type="number"
        align="center"
        value={value}
        placeholder="件数"
        maxLength={9}
        disabled={disabled}
        focus={focus}
        confirmType={last ? 'done' : 'next'}
        aria-label={label}
        onChange={(text) => onChange(text)}
        onFocus={() => onFocus()}
        onBlur={() => onBlur()}
        onConfirm={() => onNext()}
      />
      <View className="hz-stepper-btn hz-stepper-plus" aria-label={`${label} 加一`} onClick={() => !disabled && onStep(1)}>
        <Text>+</Text>
      </View>
    </View>
  );
}
