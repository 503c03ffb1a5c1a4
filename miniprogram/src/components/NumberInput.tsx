import { Input } from '@tarojs/components';
import { type CSSProperties, useRef, useState } from 'react';

interface NumberInputProps {
  value: string;
  /** Read by screen readers and tests. */
  label: string;
  className?: string;
  style?: CSSProperties;
  placeholder?: string;
  focus?: boolean;
  disabled?: boolean;
  confirmType?: 'done' | 'next';
  onChange(text: string): void;
  onFocus?(): void;
  onBlur?(): void;
  onConfirm?(): void;
}

/**
 * A box for a count or quantity that keeps every character typed: NutUI's number input
 * drops the point ("3.5" became 35) and the browser's number input erases "１２０", so the
 * page reads the text itself (services/numbers.ts) and says what is wrong. The phone
 * shows its number keypad: `digit` in WeChat, `inputmode` in the browser.
 */
export function NumberInput({ value, label, className, style, placeholder, focus, disabled, confirmType, onChange, onFocus, onBlur, onConfirm }: NumberInputProps) {
  const weapp = process.env.TARO_ENV === 'weapp';
  const keypad = weapp ? { type: 'digit' as const } : { type: 'text' as const, inputMode: 'decimal' };
  // Tapping a box selects its number, so typing replaces it (issue 12). In the browser the
  // input's own select(). In WeChat there is no select(): Taro's Input passes selection-start /
  // selection-end to the native input (weapp; "自动聚集时有效": WeChat applies them as the box
  // takes focus, which our `focus` prop follows). Set from focus until the first keystroke only:
  // held while typing, WeChat would put the selection back over what was just typed. The weapp
  // render test sees the props change; whether a given WeChat version applies them on a tap
  // (not only on `focus`) is not something it can see.
  const [selecting, setSelecting] = useState(false);
  // The value as the focus arrives: a tap may come before the render of a value just set.
  const current = useRef(value);
  current.current = value;
  const selection = weapp ? { selectionStart: selecting ? 0 : -1, selectionEnd: selecting ? value.length : -1 } : {};
  const selectOwn = (target: unknown): void => {
    if (!weapp) (target as HTMLInputElement | null)?.select?.();
  };
  return (
    <Input
      {...keypad}
      {...selection}
      className={`hz-number-input ${className ?? ''}`}
      style={style}
      value={value}
      placeholder={placeholder}
      maxlength={12}
      focus={focus}
      disabled={disabled}
      confirmType={confirmType ?? 'done'}
      aria-label={label}
      onClick={(e) => selectOwn(e.target)}
      onInput={(e) => {
        setSelecting(false);
        onChange(e.detail.value);
      }}
      onFocus={(e) => {
        if (weapp && current.current !== '') setSelecting(true);
        selectOwn(e.target);
        onFocus?.();
      }}
      onBlur={() => {
        setSelecting(false);
        onBlur?.();
      }}
      onConfirm={() => onConfirm?.()}
    />
  );
}
