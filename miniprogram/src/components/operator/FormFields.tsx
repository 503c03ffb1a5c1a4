import type { ReactNode } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import type { FormState } from '../../stores/operator/form';
import { Notice } from '../Notice';
import { Button, Input } from '../nutui';
import { Segmented, Switch } from '../nutui-forms';

interface FieldFrameProps {
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
  className?: string;
}

/** Label, control, hint and the error the server named for this field. */
function FieldFrame({ label, error, hint, children, className = '' }: FieldFrameProps) {
  return (
    <View className={`hz-field${error ? ' hz-field--error' : ''} ${className}`}>
      <View className="hz-field-row">
        <Text className="hz-field-label">{label}</Text>
        <View className="hz-field-control">{children}</View>
      </View>
      {hint && !error && <Text className="hz-field-hint">{hint}</Text>}
      {error && <Text className="hz-field-error">{error}</Text>}
    </View>
  );
}

interface FormTextProps {
  form: FormState;
  name: string;
  label: string;
  unit?: string;
  hint?: string;
  placeholder?: string;
  type?: 'text' | 'number' | 'digit';
  disabled?: boolean;
  maxLength?: number;
}

export const FormText = observer(function FormText({ form, name, label, unit, hint, placeholder, type = 'text', disabled, maxLength = 60 }: FormTextProps) {
  return (
    <FieldFrame label={label} error={form.errors[name]} hint={hint} className={`hz-field--${name.replace(/\./g, '-')}`}>
      <Input
        className="hz-field-input"
        type={type}
        align="right"
        value={form.value(name)}
        placeholder={placeholder ?? (disabled ? '' : '请填写')}
        disabled={disabled}
        maxLength={maxLength}
        aria-label={label}
        onChange={(text) => form.set(name, text)}
      />
      {unit && <Text className="hz-unit hz-field-unit">{unit}</Text>}
    </FieldFrame>
  );
});

interface FormChoiceProps {
  form: FormState;
  name: string;
  label: string;
  options: Array<{ label: string; value: string }>;
  hint?: string;
  disabled?: boolean;
}

export const FormChoice = observer(function FormChoice({ form, name, label, options, hint, disabled }: FormChoiceProps) {
  const value = form.value(name);
  return (
    <FieldFrame label={label} error={form.errors[name]} hint={hint} className="hz-field--choice">
      {disabled ? (
        <Text className="hz-field-static">{options.find((o) => o.value === value)?.label ?? value}</Text>
      ) : (
        <Segmented className="hz-choice" value={value} options={options} onChange={(v) => form.set(name, String(v))} />
      )}
    </FieldFrame>
  );
});

interface FormSwitchProps {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  onText?: string;
  offText?: string;
}

export const FormSwitch = observer(function FormSwitch({ form, name, label, hint, onText = '开', offText = '关' }: FormSwitchProps) {
  const on = form.value(name) === 'yes';
  return (
    <FieldFrame label={label} error={form.errors[name]} hint={hint} className={`hz-field--switch hz-field--${name}`}>
      <Text className="hz-switch-state">{on ? onText : offText}</Text>
      <Switch checked={on} aria-label={label} onChange={(v) => form.set(name, v ? 'yes' : 'no')} />
    </FieldFrame>
  );
});

export function FormSection({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <View className="hz-form-section">
      <Text className="hz-section-title">{title}</Text>
      {note && <Text className="hz-form-section-note">{note}</Text>}
      <View className="hz-card hz-form-card">{children}</View>
    </View>
  );
}

/** A buffer policy's three parts (DESIGN §4: the largest wins, never above on hand), as a supplier's, a SKU's or the global one. */
export function BufferPolicyFields({ form, title, note, examples }: { form: FormState; title: string; note: string; examples: { ratio: string; fixed: string } }) {
  return (
    <FormSection title={title} note={note}>
      <FormText form={form} name="bufferPolicy.ratio" label="按现货比例" unit="%" type="digit" placeholder={`如 ${examples.ratio}`} />
      <FormText form={form} name="bufferPolicy.fixed" label="固定件数" unit="件" type="number" placeholder={`如 ${examples.fixed}`} />
      <FormText form={form} name="bufferPolicy.velocityFraction" label="按日均销量" unit="%" type="digit" placeholder="如 30" />
    </FormSection>
  );
}

interface FormFooterProps {
  form: FormState;
  saveText: string;
  onSave(): void;
  /** The other button: 取消 leaves the form, 还原 (settings) starts it over. */
  cancelText?: string;
  onCancel(): void;
  cancelDisabled?: boolean;
}

/** A form's end: the error no field shows, cancel and save, and the toast that says how saving went. */
export const FormFooter = observer(function FormFooter({ form, saveText, onSave, cancelText = '取消', onCancel, cancelDisabled = false }: FormFooterProps) {
  return (
    <>
      {form.formError && <Text className="hz-form-error">{form.formError}</Text>}
      <View className="hz-bottom-bar">
        <Button onClick={() => onCancel()} disabled={cancelDisabled}>
          {cancelText}
        </Button>
        <Button type="primary" className="hz-save" loading={form.saving} disabled={form.saving} onClick={() => onSave()}>
          {saveText}
        </Button>
      </View>
      <Notice notice={form.notice} onClose={() => form.dismissNotice()} />
    </>
  );
});
