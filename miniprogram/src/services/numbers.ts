// Reading a number a person typed into a count or quantity box. What they typed stays in
// the box as typed; this only says what it means, or why it means nothing yet.

/** Full-width digits and point (what a Chinese keyboard gives in 全角 mode) read as ASCII. */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E]/g;
const halfWidth = (text: string): string =>
  text.replace(FULL_WIDTH, (c) => (c === '\uFF0E' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

export type WholeNumber = { ok: true; value: number } | { ok: false; message: string };

/**
 * A whole number of units, at least `min`. "１２０" is 120; "3.5", "-1", "3件" or "abc" are
 * refused with a message saying why — never rounded, clamped or stripped to something else.
 * A blank box is the caller's question (blank is not zero).
 */
export function readWholeNumber(typed: string, min = 0): WholeNumber {
  const text = halfWidth(typed.trim());
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value < min ? { ok: false, message: `至少 ${min} 件` } : { ok: true, value };
  }
  if (/^-\d+(\.\d+)?$/.test(text)) return { ok: false, message: `不能为负数（${typed.trim()}）` };
  if (/^\d*\.\d+$|^\d+\.$/.test(text)) return { ok: false, message: `请填整数件数，不能有小数（${typed.trim()}）` };
  return { ok: false, message: `请只填数字（${typed.trim()}）` };
}
