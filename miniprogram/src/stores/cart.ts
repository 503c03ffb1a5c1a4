import { makeAutoObservable, reaction, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { readWholeNumber } from '../services/numbers';
import type { AvailabilityItem, PlaceOrderResult, ShortageDetails } from '../services/types';
import type { AvailabilityStore } from './availability';
import { loadCart, saveCart } from './cart-storage';

export interface CartLine {
  /** Local id: one SKU may have several lines, one per customer. */
  id: string;
  skuId: string;
  name: string;
  spec: string;
  /** Fen. */
  price: number;
  supplierName: string;
  /** The quantity box exactly as typed: never rounded, clamped or stripped (DESIGN §8). */
  qtyText: string;
  /** 接龙号 or nickname, so a short line later reaches the right customer. */
  customer: string;
}

export interface ShortMark {
  requested: number;
  sellable: number;
}

/** What is wrong with a line as typed, said next to its box; the order waits until it is put right. */
export interface LineProblem {
  message: string;
  /** The SKU asks for more than is sellable: "改为可售数量" (or "移除此商品" when none is). */
  overSellable?: { sellable: number };
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 8–64 of [A-Za-z0-9_-], unique enough per leader: time plus 16 random characters. */
export function newIdempotencyKey(): string {
  let key = `o${Date.now().toString(36)}_`;
  for (let i = 0; i < 16; i += 1) key += KEY_ALPHABET[Math.floor(Math.random() * KEY_ALPHABET.length)];
  return key;
}

/** Answers after which the server may or may not have placed the order. */
const OUTCOME_UNKNOWN = new Set(['NETWORK', 'BAD_RESPONSE', 'INTERNAL']);

const LINE_PATH = /^lines\[(\d+)\]/;
/** Issues about a SKU as a whole (a quota, a shortage) name it `sku:<id>`. */
const SKU_PATH = /^sku:(.+)$/;

/** A line from elsewhere (a pasted 接龙 list): the SKU as listed, how many, for whom. */
export interface IncomingLine {
  item: AvailabilityItem;
  qty: number;
  customer: string;
}

/** Line ids stay unique across a reload: the restored cart's ids were made by an earlier run. */
const RUN = Date.now().toString(36);
let lineSeq = 0;
const newLineId = (): string => `line${RUN}_${(lineSeq += 1)}`;

/** The quantity a box means, or null while what is typed is not a whole number of at least 1. */
export const qtyOf = (line: Pick<CartLine, 'qtyText'>): number | null => {
  const read = readWholeNumber(line.qtyText, 1);
  return read.ok ? read.value : null;
};

/**
 * The leader's order being put together. One idempotency key per order attempt: kept
 * while the answer is unknown (a retry can never reserve twice), replaced after any
 * definitive answer so the next order is a new one. Kept on the phone between runs.
 */
export class CartStore {
  lines: CartLine[] = [];
  idempotencyKey = newIdempotencyKey();
  submitting = false;
  /** The last submit got no answer. The cart is frozen until a retry learns what happened. */
  outcomeUnknown = false;
  /** From the last refusal, per SKU: what was asked and what was sellable. */
  short: Record<string, ShortMark> = {};
  lineErrors: Record<string, string> = {};
  error: string | null = null;
  lastOrder: PlaceOrderResult | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;
  /** Whose cart this is on the phone (set once the signed-in person is known). */
  private owner: string | null = null;

  constructor(private readonly availability: AvailabilityStore) {
    makeAutoObservable<CartStore, 'availability' | 'owner'>(this, { availability: false, owner: false });
    // The server only hears when a cart opens or empties: enough for the cutoff reminder
    // to reach a leader with goods still in the cart, without a call per tap.
    reaction(() => this.lines.length > 0, (open) => void callFunction('leader', 'cartChanged', { open }));
  }

  /**
   * The signed-in leader's cart as the phone kept it, once per app run; from then on every
   * change is kept again. A cart being filled meanwhile is not replaced.
   */
  restoreFor(userId: string): void {
    if (this.owner !== null) return;
    this.owner = userId;
    const saved = loadCart(userId);
    if (saved && this.lines.length === 0) {
      this.lines = saved.lines;
      this.idempotencyKey = saved.idempotencyKey;
      this.outcomeUnknown = saved.outcomeUnknown;
      if (saved.outcomeUnknown) this.error = '上次提交的结果未知，订单可能已提交，请点“重新提交”确认结果（不会重复下单）';
    }
    reaction(
      () => ({ lines: this.lines.map((l) => ({ ...l })), idempotencyKey: this.idempotencyKey, outcomeUnknown: this.outcomeUnknown }),
      (cart) => saveCart(userId, cart),
    );
  }

  get isEmpty(): boolean {
    return this.lines.length === 0;
  }

  /** Edits would change what a pending retry sends, so they wait for the answer. */
  get locked(): boolean {
    return this.submitting || this.outcomeUnknown;
  }

  /** Units in the boxes that read as quantities. */
  get totalQty(): number {
    return this.lines.reduce((n, l) => n + (qtyOf(l) ?? 0), 0);
  }

  get totalAmount(): number {
    return this.lines.reduce((n, l) => n + (qtyOf(l) ?? 0) * l.price, 0);
  }

  /** Units of a SKU across its lines (boxes that do not read as a number count nothing). */
  qtyOfSku(skuId: string): number {
    return this.lines.reduce((n, l) => (l.skuId === skuId ? n + (qtyOf(l) ?? 0) : n), 0);
  }

  sellableOf(skuId: string): number {
    return this.availability.item(skuId)?.sellable ?? 0;
  }

  /** Units of this SKU still free to add across all its lines. */
  roomFor(skuId: string): number {
    return Math.max(0, this.sellableOf(skuId) - this.qtyOfSku(skuId));
  }

  canAdd(skuId: string): boolean {
    return !this.locked && this.roomFor(skuId) > 0;
  }

  /**
   * What is wrong with a line, if anything: its box is not a whole number of at least 1, or
   * its SKU's lines ask for more than the list says is sellable. Sellable is judged only
   * once the list has loaded (a cart restored before it is not marked against nothing).
   */
  problemOf(line: CartLine): LineProblem | null {
    if (line.qtyText.trim() === '') return { message: '请填写件数；不要了请点“删除”' };
    const read = readWholeNumber(line.qtyText, 1);
    if (!read.ok) return { message: /^至少/.test(read.message) ? `${read.message}；不要了请点“删除”` : read.message };
    if (this.availability.status !== 'ready') return null;
    const sellable = this.sellableOf(line.skuId);
    const asked = this.qtyOfSku(line.skuId);
    if (asked <= sellable) return null;
    const others = this.lines.filter((l) => l.skuId === line.skuId).length > 1 ? `，这个商品共填了 ${asked} 件` : '';
    return { message: sellable > 0 ? `可售只有 ${sellable} 件${others}` : '已经没有可售的了', overSellable: { sellable } };
  }

  /** Lines still to put right before the order can go. */
  get problemCount(): number {
    return this.lines.filter((l) => this.problemOf(l) !== null).length;
  }

  /** One more unit: onto the SKU's last line, or a new line. */
  add(item: AvailabilityItem): boolean {
    if (!this.canAdd(item.skuId)) return false;
    this.lastOrder = null;
    const existing = [...this.lines].reverse().find((l) => l.skuId === item.skuId && qtyOf(l) !== null);
    if (existing) existing.qtyText = String(qtyOf(existing)! + 1);
    else this.lines.push(this.lineFor(item));
    this.touched(item.skuId);
    return true;
  }

  /** Another customer wants the same SKU: a separate line with its own label. */
  addLineLike(lineId: string): boolean {
    const like = this.lines.find((l) => l.id === lineId);
    if (!like || !this.canAdd(like.skuId)) return false;
    const index = this.lines.indexOf(like);
    this.lines.splice(index + 1, 0, { ...like, id: newLineId(), qtyText: '1', customer: '' });
    this.touched(like.skuId);
    return true;
  }

  /** The box as typed, kept as it is; what it means is checked beside it. */
  setQtyText(lineId: string, text: string): void {
    const line = this.lines.find((l) => l.id === lineId);
    if (!line || this.locked) return;
    line.qtyText = text;
    delete this.lineErrors[lineId];
    this.touched(line.skuId);
  }

  /**
   * − / +: one less or more than the number in the box (an empty box starts from nothing).
   * Never below 1, and + stops where the SKU's lines reach what is sellable. A box that does
   * not read as a number ("3.5") is left as typed: its message says what to put right.
   */
  step(lineId: string, delta: number): void {
    const line = this.lines.find((l) => l.id === lineId);
    if (!line || this.locked) return;
    const current = line.qtyText.trim() === '' ? 0 : qtyOf(line);
    if (current === null) return;
    if (delta > 0 && this.qtyOfSku(line.skuId) + delta > this.sellableOf(line.skuId)) return;
    this.setQtyText(lineId, String(Math.max(1, current + delta)));
  }

  setCustomer(lineId: string, text: string): void {
    const line = this.lines.find((l) => l.id === lineId);
    if (!line || this.locked) return;
    line.customer = text;
    delete this.lineErrors[lineId];
  }

  remove(lineId: string): void {
    if (this.locked) return;
    const line = this.lines.find((l) => l.id === lineId);
    this.lines = this.lines.filter((l) => l.id !== lineId);
    if (line) this.touched(line.skuId);
  }

  /**
   * Lines for named customers (a pasted 接龙 list), each its own line, in the list's order
   * and as asked: nothing is cut silently. A SKU asked beyond what is sellable is marked at its lines.
   */
  addLines(incoming: IncomingLine[]): number {
    if (this.locked || incoming.length === 0) return 0;
    this.lastOrder = null;
    for (const { item, qty, customer } of incoming) this.lines.push({ ...this.lineFor(item), qtyText: String(qty), customer });
    for (const skuId of new Set(incoming.map((l) => l.item.skuId))) this.touched(skuId);
    return incoming.length;
  }

  /** The leader's choice at a marked SKU: cut its lines down to what is sellable now, in order, dropping lines left at 0. */
  fitToSellable(skuId: string): void {
    if (this.locked) return;
    let room = this.sellableOf(skuId);
    const kept: CartLine[] = [];
    for (const line of this.lines) {
      if (line.skuId !== skuId) kept.push(line);
      else if (room > 0) {
        const qty = Math.min(qtyOf(line) ?? 1, room);
        line.qtyText = String(qty);
        room -= qty;
        kept.push(line);
      }
    }
    this.lines = kept;
    this.touched(skuId);
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Place the whole cart as one order; on refusal keep it and mark each short SKU. */
  async submit(): Promise<boolean> {
    if (this.submitting || this.lines.length === 0) return false;
    const problems = this.problemCount;
    if (problems > 0 && !this.outcomeUnknown) {
      this.error = `还有 ${problems} 行需要修改，请按每行提示改好后再提交`;
      return false;
    }
    this.submitting = true;
    this.error = null;
    this.lineErrors = {};
    const sent = this.lines.map((l) => ({ ...l, qty: qtyOf(l)! }));
    const result = await callFunction<PlaceOrderResult>('leader', 'placeOrder', {
      idempotencyKey: this.idempotencyKey,
      lines: sent.map((l) => ({ skuId: l.skuId, qty: l.qty, ...(l.customer.trim() ? { customer: l.customer.trim() } : {}) })),
    });
    runInAction(() => {
      this.submitting = false;
      if (result.ok) {
        this.lastOrder = result.data;
        this.lines = [];
        this.short = {};
        this.outcomeUnknown = false;
        this.idempotencyKey = newIdempotencyKey();
        this.notice = { text: '下单成功', kind: 'success' };
        return;
      }
      const { error } = result;
      if (OUTCOME_UNKNOWN.has(error.code)) {
        // Same key next time: if the first try did land, the server answers it again instead of reserving twice.
        this.outcomeUnknown = true;
        this.error = `${error.message}。订单可能已提交，请点“重新提交”确认结果（不会重复下单）`;
        this.notice = { text: '提交结果未知，请重试', kind: 'fail' };
        return;
      }
      this.outcomeUnknown = false;
      this.idempotencyKey = newIdempotencyKey();
      if (error.code === 'INSUFFICIENT_STOCK') {
        const details = error.details as ShortageDetails | undefined;
        this.short = Object.fromEntries((details?.short ?? []).map((s) => [s.skuId, { requested: s.requested, sellable: s.sellable }]));
        this.error = '库存不足，整单未提交。请按每行提示调整数量后再提交';
      } else {
        let atSku = 0;
        for (const issue of error.issues ?? []) {
          const index = LINE_PATH.exec(issue.path)?.[1];
          const skuId = SKU_PATH.exec(issue.path)?.[1];
          // A SKU-wide limit (限购) is said once, at the SKU's first line.
          const line = index !== undefined ? sent[Number(index)] : skuId !== undefined ? sent.find((l) => l.skuId === skuId) : undefined;
          if (!line) continue;
          this.lineErrors[line.id] = issue.message.replace(/^第\d+行的?/, '');
          if (skuId !== undefined) atSku += 1;
        }
        this.error = error.code === 'QUOTA_EXCEEDED' && atSku > 0 ? `有 ${atSku} 个商品超过限购，整单未提交。请按每行提示减少数量后再提交` : error.message;
      }
      this.notice = { text: '订单未提交', kind: 'fail' };
    });
    // Sellable moved either way (ours or someone else's order): show it at once.
    await this.availability.refresh();
    return result.ok;
  }

  private lineFor(item: AvailabilityItem): CartLine {
    return {
      id: newLineId(),
      skuId: item.skuId,
      name: item.name,
      spec: item.spec,
      price: item.price,
      supplierName: item.supplierName,
      qtyText: '1',
      customer: '',
    };
  }

  /** A SKU's quantities changed: its refusal mark described the old request. */
  private touched(skuId: string): void {
    delete this.short[skuId];
    if (this.lines.length > 0) this.lastOrder = null;
  }
}
