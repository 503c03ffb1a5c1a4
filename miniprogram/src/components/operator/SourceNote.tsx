import { Input } from '../nutui';

interface SourceNoteProps {
  value: string;
  placeholder: string;
  onChange(text: string): void;
}

/** Where counts entered for a supplier came from (a group message, a sheet someone sent): kept with the report. */
export function SourceNote({ value, placeholder, onChange }: SourceNoteProps) {
  return <Input className="hz-note-input" value={value} placeholder={placeholder} maxLength={100} aria-label="来源说明" onChange={(text) => onChange(text)} />;
}
