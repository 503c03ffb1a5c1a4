// Money is fen on the wire and 元 on screen; these are the only conversions.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Fen to "¥29.90". */
export const formatYuan = (fen: number): string => `${fen < 0 ? '-' : ''}¥${(Math.abs(fen) / 100).toFixed(2)}`;

/** Fen to what an edit box shows: 2990 → "29.90", nothing → "". */
export const fenToYuanText = (fen: number | undefined): string => (fen === undefined ? '' : (fen / 100).toFixed(2));

const YUAN = /^(\d{1,9})(?:\.(\d*))?$/;

/**
 * What a person typed as 元 → fen, by string arithmetic (29.9 × 100 in floating point
 * is 2989.9999…). Blank is "not given"; the caller decides whether that is allowed.
 */
export function parseYuan(text: string): Parsed<number | undefined> {
  const cleaned = text.replace(/[¥￥,，\s]/g, '').replace(/元$/, '');
  if (cleaned === '') return { ok: true, value: undefined };
  if (cleaned.startsWith('-')) return { ok: false, message: '金额不能是负数' };
  const match = YUAN.exec(cleaned.startsWith('.') ? `0${cleaned}` : cleaned);
  if (!match) return { ok: false, message: '请填写金额，如 29.90' };
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { ok: false, message: '金额最多两位小数' };
  return { ok: true, value: Number(match[1]) * 100 + Number(fraction.padEnd(2, '0')) };
}
