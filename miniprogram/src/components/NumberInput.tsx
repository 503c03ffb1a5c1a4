import { Input } from '@tarojs/components';
import type { CSSProperties } from 'react';

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
  const keypad = process.env.TARO_ENV === 'weapp' ? { type: 'digit' as const } : { type: 'text' as const, inputMode: 'decimal' };
  return (
    <Input
      {...keypad}
      className={`hz-number-input ${className ?? ''}`}
      style={style}
      value={value}
      placeholder={placeholder}
      maxlength={12}
      focus={focus}
      disabled={disabled}
      confirmType={confirmType ?? 'done'}
      aria-label={label}
      // Tapping a box selects its number, so typing replaces it. Web only: WeChat's selection-start/end
      // would select again on every keystroke; there the boxes start empty anyway (issue 12).
      onClick={(e) => (e.target as unknown as HTMLInputElement | null)?.select?.()}
      onInput={(e) => onChange(e.detail.value)}
      onFocus={(e) => { (e.target as unknown as HTMLInputElement | null)?.select?.(); onFocus?.(); }}
      onBlur={() => onBlur?.()}
      onConfirm={() => onConfirm?.()}
    />
  );
}
