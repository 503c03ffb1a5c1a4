import { Text, View } from '@tarojs/components';
import { LEVEL_LABELS } from '../../services/labels';
import type { SupplierView } from '../../services/types';
import { Radio } from '../nutui-forms';

interface SupplierPickerProps {
  suppliers: SupplierView[];
  value: string;
  onChange(id: string): void;
  /** An "全部" choice with value '' (list filters). */
  allLabel?: string;
  disabled?: boolean;
  /** Show each supplier's integration level (pickers for entering counts). */
  showLevel?: boolean;
}

/** Suppliers as tappable chips: few enough to see at once, and one tap to choose. */
export function SupplierPicker({ suppliers, value, onChange, allLabel, disabled, showLevel }: SupplierPickerProps) {
  return (
    <Radio.Group className="hz-supplier-picker" value={value} direction="horizontal" shape="button" disabled={disabled} onChange={(v) => onChange(String(v))}>
      {allLabel !== undefined && (
        <Radio className="hz-supplier-option" value="">
          {allLabel}
        </Radio>
      )}
      {suppliers.map((s) => (
        <Radio key={s.id} className={`hz-supplier-option hz-supplier-option--${s.level}`} value={s.id}>
          <View className="hz-supplier-option-body">
            <Text className="hz-supplier-option-name">{s.name}</Text>
            {showLevel && <Text className="hz-supplier-option-level">{LEVEL_LABELS[s.level]}</Text>}
          </View>
        </Radio>
      ))}
    </Radio.Group>
  );
}
