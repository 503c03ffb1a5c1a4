import { Textarea } from '@tarojs/components';

interface PasteBoxProps {
  value: string;
  placeholder: string;
  label: string;
  disabled?: boolean;
  onChange(text: string): void;
}

/** A 接龙 list can run to thousands of characters: more than an input's default 140. */
const MAX_LENGTH = 20000;

/**
 * A large box to paste into. H5 builds with plain HTML components, which have no
 * textarea, so the browser's own one is used there; WeChat has its native textarea.
 */
export function PasteBox({ value, placeholder, label, disabled, onChange }: PasteBoxProps) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <textarea
        className="hz-paste-box"
        value={value}
        placeholder={placeholder}
        aria-label={label}
        maxLength={MAX_LENGTH}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  return (
    <Textarea
      className="hz-paste-box"
      value={value}
      placeholder={placeholder}
      maxlength={MAX_LENGTH}
      disabled={disabled}
      autoHeight={false}
      onInput={(e) => onChange(e.detail.value)}
    />
  );
}
