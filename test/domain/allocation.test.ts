import fc from 'fast-check';
import { type AllocationListing, type ListingShare, allocate, movedSinceTyped, needsRetype } from '../../cloudfunctions/src/domain/allocation';

const share: fc.Arbitrary<ListingShare> = fc.oneof(
  fc.record({ kind: fc.constant('ratio' as const), ratio: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 10_000) }),
  fc.record({ kind: fc.constant('fixed' as const), units: fc.integer({ min: 0, max: 200 }) }),
  fc.constant({ kind: 'equal' as const }),
);
const listings: fc.Arbitrary<AllocationListing[]> = fc.uniqueArray(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), leaderId: fc.constantFrom('L1', 'L2', 'L3'), share, sold: fc.integer({ min: 0, max: 20 }) }),
  { minLength: 1, maxLength: 8, selector: (l) => l.id },
);
const sellable = fc.integer({ min: 0, max: 500 });
const total = fc.integer({ min: 100, max: 300 }).map((n) => n / 100);
const runs = { seed: 42, numRuns: 400 };
const sum = (ns: number[]): number => ns.reduce((s, n) => s + n, 0);
const left = (s: number, ls: AllocationListing[]): number => Math.max(0, s - sum(ls.map((l) => l.sold ?? 0)));

describe('allocation across storefronts', () => {
  it('at 100% the counts never add up to more than what is left, and none is negative or fractional', () => {
    fc.assert(fc.property(sellable, listings, (s, ls) => {
      const a = allocate({ sellable: s, total: 1, listings: ls });
      expect(sum(a.counts.map((c) => c.count))).toBeLessThanOrEqual(left(s, ls));
      for (const c of a.counts) expect(Number.isInteger(c.count) && c.count >= 0).toBe(true);
    }), runs);
  });

  it('above 100% the counts add up to at most floor(total × left), and no listing shows more than is left', () => {
    fc.assert(fc.property(sellable, listings, total, (s, ls, t) => {
      const a = allocate({ sellable: s, total: t, listings: ls });
      expect(a.pool).toBe(Math.floor(Math.round(t * 10_000) * left(s, ls) / 10_000));
      expect(sum(a.counts.map((c) => c.count))).toBeLessThanOrEqual(a.pool);
      for (const c of a.counts) expect(c.count).toBeLessThanOrEqual(left(s, ls));
    }), runs);
  });

  it('respects each share: a fixed cap is never passed, a ratio never past its ceiling', () => {
    fc.assert(fc.property(sellable, listings, total, (s, ls, t) => {
      const a = allocate({ sellable: s, total: t, listings: ls });
      const rest = left(s, ls);
      for (const l of ls) {
        const c = a.counts.find((x) => x.listingId === l.id)!.count;
        if (l.share.kind === 'fixed') expect(c).toBeLessThanOrEqual(l.share.units);
        if (l.share.kind === 'ratio') expect(c).toBeLessThanOrEqual(Math.ceil(l.share.ratio * rest));
      }
    }), runs);
  });

  it('gives every ratio its full share, rounded down, when the ratios fit inside the total', () => {
    const a = allocate({ sellable: 100, total: 1, listings: [
      { id: 'a', leaderId: 'L1', share: { kind: 'ratio', ratio: 0.5 } },
      { id: 'b', leaderId: 'L2', share: { kind: 'ratio', ratio: 0.25 } },
      { id: 'c', leaderId: 'L2', share: { kind: 'fixed', units: 10 } },
      { id: 'd', leaderId: 'L3', share: { kind: 'equal' } },
      { id: 'e', leaderId: 'L3', share: { kind: 'equal' } },
    ] });
    expect(a.counts.map((c) => [c.listingId, c.count])).toEqual([['a', 50], ['b', 25], ['c', 10], ['d', 8], ['e', 7]]);
  });

  it('scales shares that add up to more than the total, never giving away a unit it does not have', () => {
    // Three listings at 50% of 7 at 100%: 3.5 units each wanted, 7 to give, 2⅓ each.
    const a = allocate({ sellable: 7, total: 1, listings: ['x', 'y', 'z'].map((id) => ({ id, leaderId: 'L1', share: { kind: 'ratio', ratio: 0.5 } as const })) });
    expect(a.counts.map((c) => c.count)).toEqual([3, 2, 2]);
    // At 150%, the same shares fit: 3 each (3.5 rounded down, the spare half-units given out up to 10).
    const b = allocate({ sellable: 7, total: 1.5, listings: ['x', 'y', 'z'].map((id) => ({ id, leaderId: 'L1', share: { kind: 'ratio', ratio: 0.5 } as const })) });
    expect(sum(b.counts.map((c) => c.count))).toBeLessThanOrEqual(10);
    expect(b.counts.map((c) => c.count)).toEqual([4, 3, 3]);
  });

  it('is deterministic: the same listings in any order give the same counts', () => {
    fc.assert(fc.property(sellable, listings, total, fc.nat(), (s, ls, t, k) => {
      const rotated = [...ls.slice(k % ls.length), ...ls.slice(0, k % ls.length)].reverse();
      expect(allocate({ sellable: s, total: t, listings: rotated })).toEqual(allocate({ sellable: s, total: t, listings: ls }));
    }), runs);
  });

  it('rebalances a listing that sold out: it gets its share of what is left, the others give back', () => {
    const ls: AllocationListing[] = [
      { id: 'a', leaderId: 'L1', share: { kind: 'equal' } },
      { id: 'b', leaderId: 'L2', share: { kind: 'equal' } },
    ];
    const first = allocate({ sellable: 10, total: 1, listings: ls });
    expect(first.counts.map((c) => c.count)).toEqual([5, 5]);
    const after = allocate({ sellable: 10, total: 1, listings: [{ ...ls[0]!, sold: 5 }, ls[1]!] });
    expect(after.remaining).toBe(5);
    expect(after.counts.map((c) => c.count)).toEqual([3, 2]);
  });

  it('a sold-out listing is shown again whenever an equal split of what is left gives each a unit', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 300 }), fc.nat(), (n, s, pick) => {
      const ls: AllocationListing[] = Array.from({ length: n }, (_, i) => ({ id: `l${i}`, leaderId: `L${i % 3}`, share: { kind: 'equal' } }));
      const before = allocate({ sellable: s, total: 1, listings: ls });
      const who = pick % n;
      const sellOut = ls.map((l, i) => (i === who ? { ...l, sold: before.counts[i]!.count } : l));
      const after = allocate({ sellable: s, total: 1, listings: sellOut });
      expect(sum(after.counts.map((c) => c.count))).toBeLessThanOrEqual(after.remaining);
      if (after.remaining >= n) expect(after.counts[who]!.count).toBeGreaterThan(0);
    }), runs);
  });

  it('keeps a leader\'s listings together within the leader\'s ration', () => {
    fc.assert(fc.property(sellable, listings, total, fc.integer({ min: 0, max: 50 }), (s, ls, t, cap) => {
      const a = allocate({ sellable: s, total: t, listings: ls, leaderCaps: new Map([['L1', cap]]) });
      expect(sum(a.counts.filter((c) => c.leaderId === 'L1').map((c) => c.count))).toBeLessThanOrEqual(cap);
      const free = allocate({ sellable: s, total: t, listings: ls });
      // Other leaders' counts are untouched by L1's ration.
      expect(a.counts.filter((c) => c.leaderId !== 'L1')).toEqual(free.counts.filter((c) => c.leaderId !== 'L1'));
    }), runs);
    const a = allocate({ sellable: 20, total: 1, listings: [
      { id: 'a', leaderId: 'L1', share: { kind: 'ratio', ratio: 0.5 } },
      { id: 'b', leaderId: 'L1', share: { kind: 'ratio', ratio: 0.3 } },
    ], leaderCaps: new Map([['L1', 6]]) });
    expect(a.counts.map((c) => [c.count, c.rationed])).toEqual([[4, true], [2, true]]);
  });

  it('says when a typed number has moved past the setting since the leader typed it', () => {
    expect(movedSinceTyped(37, 30)).toBe(7);
    expect(needsRetype(37, 30, 5)).toBe(true);
    expect(needsRetype(35, 30, 5)).toBe(false);
    expect(needsRetype(23, 30, 5)).toBe(true);
    expect(needsRetype(40, undefined, 5)).toBe(false);
  });
});
