import Taro from '@tarojs/taro';
import type { CartLine } from './cart';

// The cart on the phone: a reload, WeChat closing the mini-program in the background, or a
// flaky network in the evening rush must not lose the group's list. One cart per person on
// this phone; emptied when the order is placed.
const keyOf = (userId: string): string => `huozhun.cart.${userId}`;

export interface SavedCart {
  lines: CartLine[];
  /** Kept with the lines: after a lost answer, the retry must be the same order. */
  idempotencyKey: string;
  outcomeUnknown: boolean;
}

const isLine = (l: unknown): l is CartLine =>
  typeof l === 'object' && l !== null && typeof (l as CartLine).id === 'string' && typeof (l as CartLine).skuId === 'string' && typeof (l as CartLine).qtyText === 'string';

export function loadCart(userId: string): SavedCart | null {
  try {
    const saved = Taro.getStorageSync(keyOf(userId)) as SavedCart | '' | undefined;
    if (!saved || typeof saved !== 'object' || !Array.isArray(saved.lines) || typeof saved.idempotencyKey !== 'string') return null;
    const lines = saved.lines.filter(isLine).map((l) => ({ ...l, customer: typeof l.customer === 'string' ? l.customer : '' }));
    return lines.length > 0 ? { lines, idempotencyKey: saved.idempotencyKey, outcomeUnknown: saved.outcomeUnknown === true } : null;
  } catch {
    return null;
  }
}

export function saveCart(userId: string, cart: SavedCart): void {
  try {
    if (cart.lines.length === 0) Taro.removeStorageSync(keyOf(userId));
    else Taro.setStorageSync(keyOf(userId), cart);
  } catch {
    // Storage full or blocked: the cart still holds everything while the app stays open.
  }
}

/** Signing out (退出登录) takes the person's cart, and the customers' names in it, off the phone. */
export function forgetCart(userId: string): void {
  try {
    Taro.removeStorageSync(keyOf(userId));
  } catch {
    // Nothing stored.
  }
}
