// The number a leader reads for an order (the order's id stays internal: it is derived from
// the leader and the phone's idempotency key, and means nothing to a person).

/** "1202-0042": month and date of the day it was placed, then the leader's sequence of that day. */
export function orderNumber(day: string, seq: number): string {
  return `${day.slice(5, 7)}${day.slice(8, 10)}-${String(seq).padStart(4, '0')}`;
}
