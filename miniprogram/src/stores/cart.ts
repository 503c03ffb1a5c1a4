import { makeAutoObservable, reaction, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import type { AvailabilityItem, PlaceOrderResult, ShortageDetails } from '../services/types';
import type { AvailabilityStore } from './availability';

export interface CartLine {
  /** Local id: one SKU may have several lines, one per customer. */
  id: string;
  skuId: string;
  name: string;
  spec: string;
  /** Fen. */
  price: number;
  supplierName: string;
  qty: number;
  /** 接龙号 or nickname, so a short line later reaches the right customer. */
  customer: string;
}

export interface ShortMark {
  requested: number;
  sellable: number;
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

let lineSeq = 0;

/**
 * The leader's order being put together. One idempotency key per order attempt: kept
 * while the answer is unknown (a retry can never reserve twice), replaced after any
 * definitive answer so the next order is a new one.
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

  constructor(private readonly availability: AvailabilityStore) {
    makeAutoObservable<CartStore, 'availability'>(this, { availability: false });
    // The server only hears when a cart opens or empties: enough for the cutoff reminder
    // to reach a leader with goods still in the cart, without a call per tap.
    reaction(() => this.lines.length > 0, (open) => void callFunction('leader', 'cartChanged', { open }));
  }

  get isEmpty(): boolean {
    return this.lines.length === 0;
  }

  /** Edits would change what a pending retry sends, so they wait for the answer. */
  get locked(): boolean {
    return this.submitting || this.outcomeUnknown;
  }

  get totalQty(): number {
    return this.lines.reduce((n, l) => n + l.qty, 0);
  }

  get totalAmount(): number {
    return this.lines.reduce((n, l) => n + l.qty * l.price, 0);
  }

  qtyOf(skuId: string): number {
    return this.lines.reduce((n, l) => (l.skuId === skuId ? n + l.qty : n), 0);
  }

  sellableOf(skuId: string): number {
    return this.availability.item(skuId)?.sellable ?? 0;
  }

  /** Units of this SKU still free to add across all its lines. */
  roomFor(skuId: string): number {
    return Math.max(0, this.sellableOf(skuId) - this.qtyOf(skuId));
  }

  /**
   * A line's stepper limit: what is sellable minus the SKU's other lines. Never below the
   * line's own quantity, so a stepper does not silently show less than the cart holds.
   */
  maxFor(line: CartLine): number {
    return Math.max(line.qty, this.sellableOf(line.skuId) - (this.qtyOf(line.skuId) - line.qty));
  }

  canAdd(skuId: string): boolean {
    return !this.locked && this.roomFor(skuId) > 0;
  }

  /** One more unit: onto the SKU's last line, or a new line. */
  add(item: AvailabilityItem): boolean {
    if (!this.canAdd(item.skuId)) return false;
    this.lastOrder = null;
    const existing = [...this.lines].reverse().find((l) => l.skuId === item.skuId);
    if (existing) existing.qty += 1;
    else this.lines.push(this.lineFor(item));
    this.touched(item.skuId);
    return true;
  }

  /** Another customer wants the same SKU: a separate line with its own label. */
  addLineLike(lineId: string): boolean {
    const like = this.lines.find((l) => l.id === lineId);
    if (!like || !this.canAdd(like.skuId)) return false;
    const index = this.lines.indexOf(like);
    this.lines.splice(index + 1, 0, { ...like, id: `line${(lineSeq += 1)}`, qty: 1, customer: '' });
    this.touched(like.skuId);
    return true;
  }

  setQty(lineId: string, qty: number): void {
    const line = this.lines.find((l) => l.id === lineId);
    if (!line || this.locked || !Number.isFinite(qty)) return;
    const next = Math.max(1, Math.min(Math.floor(qty), this.maxFor(line)));
    if (next === line.qty) return;
    line.qty = next;
    delete this.lineErrors[lineId];
    this.touched(line.skuId);
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
   * Lines for named customers (a pasted 接龙 list), each its own line, as asked: nothing is cut
   * silently. A SKU now asked beyond what is sellable is marked at once, with the way to fit it.
   */
  addLines(incoming: IncomingLine[]): number {
    if (this.locked || incoming.length === 0) return 0;
    this.lastOrder = null;
    for (const { item, qty, customer } of incoming) {
      this.lines.push({ ...this.lineFor(item), qty: Math.max(1, Math.floor(qty)), customer });
    }
    for (const skuId of new Set(incoming.map((l) => l.item.skuId))) {
      const requested = this.qtyOf(skuId);
      const sellable = this.sellableOf(skuId);
      if (requested > sellable) this.short[skuId] = { requested, sellable };
      else delete this.short[skuId];
    }
    return incoming.length;
  }

  /** After a refusal: cut a short SKU's lines down to what is sellable now (dropping lines at 0). */
  fitToSellable(skuId: string): void {
    if (this.locked) return;
    let room = this.sellableOf(skuId);
    const kept: CartLine[] = [];
    for (const line of this.lines) {
      if (line.skuId !== skuId) kept.push(line);
      else if (room > 0) {
        line.qty = Math.min(line.qty, room);
        room -= line.qty;
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
    this.submitting = true;
    this.error = null;
    this.lineErrors = {};
    const sent = this.lines.map((l) => ({ ...l }));
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
    lineSeq += 1;
    return {
      id: `line${lineSeq}`,
      skuId: item.skuId,
      name: item.name,
      spec: item.spec,
      price: item.price,
      supplierName: item.supplierName,
      qty: 1,
      customer: '',
    };
  }

  /** A SKU's quantities changed: its refusal mark described the old request. */
  private touched(skuId: string): void {
    delete this.short[skuId];
    if (this.lines.length > 0) this.lastOrder = null;
  }
}
