// Form plumbing shared by the operator's forms: what a person typed → numbers, and the
// server's issues (`sku.price`, `settings.tiers.maxReportAgeHours.hot`) → the field they name.
import type { Issue } from './types';
import { type Parsed, parseYuan } from './money';

export interface NumberRule {
  /** Blank is refused (otherwise blank means "not set"). */
  required?: boolean;
  integer?: boolean;
  /** Shown as percent, sent as a fraction: "20" ↔ 0.2. */
  percent?: boolean;
}

/** A number field as typed. Bounds are the server's to check (it names the field). */
export function parseNumber(text: string, rule: NumberRule = {}): Parsed<number | undefined> {
  const cleaned = text.trim().replace(/[%％]$/, '').trim();
  if (cleaned === '') return rule.required ? { ok: false, message: '请填写' } : { ok: true, value: undefined };
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return { ok: false, message: '请填写数字' };
  const value = Number(cleaned);
  if (rule.integer && !Number.isInteger(value)) return { ok: false, message: '请填写整数' };
  if (!rule.percent) return { ok: true, value };
  // Round away float noise: 7% must be 0.07, not 0.07000000000000001.
  return { ok: true, value: Math.round(value * 1e6) / 1e8 };
}

/** A number as an edit box shows it; percent fields ×100. */
export function numberText(value: number | undefined, rule: Pick<NumberRule, 'percent'> = {}): string {
  if (value === undefined) return '';
  return String(rule.percent ? Math.round(value * 1e8) / 1e6 : value);
}

/**
 * The server's message names the field in full ("设置的缓冲规则的比例不能大于 1"); at the
 * field itself only the complaint is news. Messages of another shape pass unchanged.
 */
const COMPLAINT = /(必须是整数|的类型不对（.*）|至少 .*|最多 .*|不能[大小]于 .*|格式不对|不正确|应为.+)$/;

export function complaintOf(message: string): string {
  const match = COMPLAINT.exec(message);
  if (!match || match.index === 0) return message;
  return match[1]!.replace(/^的/, '');
}

/** A bound the server states as a fraction reads as percent on a percent field. */
export function asPercentComplaint(complaint: string): string {
  return complaint.replace(/(不能[大小]于) ([\d.]+)$/, (_m, words: string, n: string) => `${words} ${numberText(Number(n), { percent: true })}%`);
}

/** `sku.price` → `price`; `supplier.reportTimes[0]` → `reportTimes`; unknown prefix → null. */
export function fieldOf(path: string, prefix: string): string | null {
  if (!path.startsWith(`${prefix}.`)) return null;
  return path.slice(prefix.length + 1).replace(/\[\d+\]/g, '');
}

export interface PlacedIssues {
  /** One message per form field (the first issue there wins). */
  fields: Record<string, string>;
  /** Issues naming no field the form shows. */
  other: string[];
}

/**
 * Spread a refusal over a form: issues under `prefix` land at the field they name when the
 * form has it (the nearest enclosing field otherwise, e.g. `bufferPolicy` for `bufferPolicy.x`).
 */
export function placeIssues(issues: Issue[] | undefined, prefix: string, known: readonly string[], percentFields: readonly string[] = []): PlacedIssues {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues ?? []) {
    let field = fieldOf(issue.path, prefix);
    while (field && !known.includes(field)) field = field.includes('.') ? field.slice(0, field.lastIndexOf('.')) : null;
    if (!field) {
      other.push(issue.message);
      continue;
    }
    if (fields[field]) continue;
    const complaint = complaintOf(issue.message);
    fields[field] = percentFields.includes(field) ? asPercentComplaint(complaint) : complaint;
  }
  return { fields, other };
}

/**
 * Reads a form's boxes (keyed by the server's field paths) into typed values, collecting
 * an error per field for what cannot even be sent. Range checks stay with the server.
 */
export class FieldReader {
  readonly errors: Record<string, string> = {};

  constructor(private readonly values: Record<string, string>) {}

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  text(key: string, options: { required?: boolean } = {}): string | undefined {
    const text = (this.values[key] ?? '').trim();
    if (text === '') {
      if (options.required) this.errors[key] = '请填写';
      return undefined;
    }
    return text;
  }

  number(key: string, rule: NumberRule = {}): number | undefined {
    const parsed = parseNumber(this.values[key] ?? '', rule);
    if (!parsed.ok) {
      this.errors[key] = parsed.message;
      return undefined;
    }
    return parsed.value;
  }

  money(key: string, options: { required?: boolean } = {}): number | undefined {
    const parsed = parseYuan(this.values[key] ?? '');
    if (!parsed.ok) {
      this.errors[key] = parsed.message;
      return undefined;
    }
    if (parsed.value === undefined && options.required) this.errors[key] = '请填写';
    return parsed.value;
  }

  fail(key: string, message: string): void {
    this.errors[key] ??= message;
  }
}

/** Drop the keys whose value is undefined (the server's schemas are strict about absent vs undefined). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
