import { makeAutoObservable } from 'mobx';
import type { ClientError } from '../services/api';
import type { HeldLineView } from '../services/types';
import { type CountLine, collectLines, issuesBySku, jumpHint, stepped } from './count-entry';

/**
 * The boxes of one count, a box per SKU: what is typed in each, the error at each line, and
 * which box has the keyboard. The supplier's report and the operator's entry for a supplier.
 */
export class CountBoxes {
  /** As typed, by SKU (a blank box is not zero). */
  drafts: Record<string, string> = {};
  /** Errors (and after "返回修改", what to check) at the line they belong to, by SKU. */
  errors: Record<string, string> = {};
  /** The box with the keyboard; "下一项" moves it down. */
  focused: string | null = null;

  constructor(
    /** The SKUs in the order their boxes stand. */
    private readonly order: () => string[],
    /** Told when a box changes (typing, − and +, 与上次相同). */
    private readonly onEdit: (skuId: string) => void = () => undefined,
  ) {
    makeAutoObservable<CountBoxes, 'order' | 'onEdit'>(this, { order: false, onEdit: false });
  }

  draftOf(skuId: string): string {
    return this.drafts[skuId] ?? '';
  }

  set(skuId: string, text: string): void {
    this.drafts[skuId] = text;
    delete this.errors[skuId];
    this.onEdit(skuId);
  }

  /** The stepper's − and +; a blank box starts from `last`, the last count. */
  step(skuId: string, delta: number, last: number | null): void {
    this.set(skuId, stepped(this.draftOf(skuId), delta, last));
  }

  get filledCount(): number {
    return this.order().filter((skuId) => this.draftOf(skuId).trim() !== '').length;
  }

  clear(): void {
    this.drafts = {};
    this.errors = {};
  }

  focus(skuId: string): void {
    this.focused = skuId;
  }

  blurred(skuId: string): void {
    // Moving to the next box blurs this one after the focus already moved on.
    if (this.focused === skuId) this.focused = null;
  }

  /** The next box, or none after the last (the keyboard closes). */
  focusNext(skuId: string): void {
    const order = this.order();
    this.focused = order[order.indexOf(skuId) + 1] ?? null;
  }

  isLast(skuId: string): boolean {
    const order = this.order();
    return order[order.length - 1] === skuId;
  }

  /** The boxes as lines to send (see collectLines for blank boxes). */
  lines(blank: 'ask' | 'skip'): ReturnType<typeof collectLines> {
    return collectLines(this.order(), this.drafts, blank);
  }

  /** A refused count: each issue at its line. Returns the banner: `headline` and a count when every issue found its line. */
  refused(error: ClientError, sent: CountLine[], headline: string): string {
    const { errors, unplaced } = issuesBySku(error.issues, sent);
    this.errors = errors;
    const placed = Object.keys(errors).length;
    return placed > 0 && unplaced.length === 0 ? `${headline}：${placed} 个商品有误，请按提示修改` : error.message;
  }

  /** After "返回修改" on a held count: what to check at each jumped line, the keyboard on the first. */
  markJumps(lines: HeldLineView[]): void {
    const order = this.order();
    const errors: Record<string, string> = {};
    for (const line of lines) if (line.jump && order.includes(line.skuId)) errors[line.skuId] = jumpHint(line);
    this.errors = errors;
    this.focused = lines.find((l) => l.jump)?.skuId ?? null;
  }
}
