import fc from 'fast-check';
import { DEFAULT_SUGGESTION_LIMITS, neededRatio, observationsOf, suggestRatio, suggestSkuRatios, type WaveObservation } from '../../cloudfunctions/src/domain/buffer-suggestion';
import type { OrderLine, Wave } from '../../cloudfunctions/src/domain/model';

const obs = (believed: number, ordered: number, confirmed: number, waveId = 'w1', skuId = 'A001'): WaveObservation => ({ waveId, skuId, believed, ordered, confirmed });
const fullWaves = (n: number): WaveObservation[] => Array.from({ length: n }, (_, i) => obs(100, 10, 10, `w${i}`));

describe('the buffer a wave needed', () => {
  it('is the part of what we believed on hand that the supplier did not have, when it cut what we sold', () => {
    // We believed 100, sold 80, it had 70: sellable had to stop at 70, a buffer of 30.
    expect(neededRatio(obs(100, 80, 70))).toBeCloseTo(0.3);
    expect(neededRatio(obs(100, 80, 80))).toBe(0); // shipped all we sold: any buffer covered it
    expect(neededRatio(obs(0, 5, 0))).toBe(0); // believed nothing on hand: nothing to scale
    expect(neededRatio(obs(10, 12, 0))).toBe(1);
  });
});

describe('suggesting a supplier\'s buffer ratio', () => {
  it('says nothing yet below the minimum of SKU-waves', () => {
    expect(suggestRatio(fullWaves(19))).toEqual({ status: 'insufficient', observations: 19, needed: 20 });
  });

  it('a supplier that always shipped in full gets the operator\'s lowest buffer', () => {
    expect(suggestRatio(fullWaves(20))).toMatchObject({ status: 'suggested', ratio: 0.05, neededRatio: 0, bounded: 'min', observations: 20, waves: 20, short: 0, covered: 1 });
  });

  it('covers 95% of the waves: one bad wave in twenty is let go, two are not', () => {
    const oneBad = [...fullWaves(19), obs(100, 80, 70)];
    expect(suggestRatio(oneBad)).toMatchObject({ ratio: 0.05, short: 1, covered: 0.95 });
    const twoBad = [...fullWaves(18), obs(100, 90, 75), obs(100, 80, 70)];
    expect(suggestRatio(twoBad)).toMatchObject({ ratio: 0.25, neededRatio: 0.25, bounded: null, short: 2, covered: 0.95 });
  });

  it('rounds up to a whole percent and stops at the operator\'s highest', () => {
    const odd = [...fullWaves(10), ...Array.from({ length: 10 }, (_, i) => obs(300, 240, 229, `b${i}`))];
    expect(suggestRatio(odd)).toMatchObject({ ratio: 0.24 }); // 71/300 = 0.2367 → 24%
    const awful = Array.from({ length: 20 }, (_, i) => obs(100, 80, 30, `w${i}`));
    expect(suggestRatio(awful)).toMatchObject({ ratio: 0.4, neededRatio: 0.7, bounded: 'max', covered: 0 });
  });

  it('the ratio suggested (without limits) is the least whole percent covering the share asked', () => {
    const observation = fc.record({
      believed: fc.integer({ min: 1, max: 500 }), ordered: fc.integer({ min: 1, max: 200 }), short: fc.integer({ min: 0, max: 200 }),
    }).map(({ believed, ordered, short }) => obs(believed, ordered, Math.max(0, ordered - short)));
    fc.assert(fc.property(fc.array(observation, { minLength: 20, maxLength: 120 }), fc.constantFrom(0.8, 0.9, 0.95, 1), (list, coverage) => {
      const limits = { ...DEFAULT_SUGGESTION_LIMITS, minRatio: 0, maxRatio: 1, coverage };
      const s = suggestRatio(list, limits);
      if (s.status !== 'suggested') return false;
      const share = (r: number) => list.filter((o) => neededRatio(o) <= r + 1e-9).length / list.length;
      expect(share(s.ratio)).toBeGreaterThanOrEqual(coverage - 1e-9);
      if (s.ratio >= 0.01) expect(share(s.ratio - 0.01)).toBeLessThan(coverage);
      expect(s.covered).toBeCloseTo(share(s.ratio));
      return true;
    }), { seed: 15, numRuns: 200 });
  });
});

describe('a SKU\'s own buffer from its own waves', () => {
  // Twelve waves of four SKUs: A001 and A004 always shipped in full, A002 was cut to 60 of
  // our 100 twice, A003 sold in only eight of the waves.
  const waves = Array.from({ length: 12 }, (_, i) => `w${i}`);
  const list = [
    ...waves.map((w) => obs(100, 10, 10, w, 'A001')),
    ...waves.map((w, i) => (i === 3 || i === 8 ? obs(100, 70, 60, w, 'A002') : obs(100, 10, 10, w, 'A002'))),
    ...waves.slice(0, 8).map((w) => obs(100, 10, 10, w, 'A003')),
    ...waves.map((w) => obs(50, 5, 5, w, 'A004')),
  ];

  it('is suggested only for SKUs with enough waves of their own, from those waves alone', () => {
    const skus = suggestSkuRatios(list);
    expect(skus.map((k) => k.skuId)).toEqual(['A001', 'A002', 'A004']); // A003: 8 of the 10 waves needed
    expect(skus[0]!.suggestion).toMatchObject({ ratio: 0.05, bounded: 'min', observations: 12, short: 0 });
    // Two cuts in twelve: 95% of twelve waves is all twelve, so A002 needs the 40% it lacked.
    expect(skus[1]!.suggestion).toMatchObject({ ratio: 0.4, neededRatio: 0.4, bounded: null, observations: 12, short: 2, covered: 1 });
  });

  it('pooled over the supplier, the same two cuts are let go: the SKU carries its own buffer instead', () => {
    expect(suggestRatio(list)).toMatchObject({ ratio: 0.05, short: 2, observations: 44 });
  });

  it('follows the operator\'s limits and the number of waves asked for', () => {
    expect(suggestSkuRatios(list, { ...DEFAULT_SUGGESTION_LIMITS, maxRatio: 0.3 })[1]!.suggestion).toMatchObject({ ratio: 0.3, bounded: 'max' });
    expect(suggestSkuRatios(list, { ...DEFAULT_SUGGESTION_LIMITS, minSkuObservations: 8 }).map((k) => k.skuId)).toEqual(['A001', 'A002', 'A003', 'A004']);
    expect(suggestSkuRatios(list, { ...DEFAULT_SUGGESTION_LIMITS, minSkuObservations: 13 })).toEqual([]);
  });
});

describe('observations from confirmed waves', () => {
  const wave = (id: string, status: Wave['status'], believed?: Record<string, number>): Wave =>
    ({ id, supplierId: 'sup-fruit', day: '2026-11-26', status, closedAt: 0, deadlineAt: 0, ...(believed ? { believed } : {}) });
  const line = (id: string, waveId: string, skuId: string, qty: number, shortQty: number, status: OrderLine['status'] = 'confirmed') =>
    ({ id, waveId, skuId, qty, shortQty, status }) as OrderLine;

  it('sums a SKU\'s lines per wave, leaving out cancelled lines, unconfirmed waves and waves that kept no belief', () => {
    const waves = [wave('w1', 'confirmed', { A001: 50, A002: 8 }), wave('w2', 'closed', { A001: 40 }), wave('w3', 'shipped')];
    const lines = [
      line('l1', 'w1', 'A001', 10, 0), line('l2', 'w1', 'A001', 6, 4, 'short'), line('l3', 'w1', 'A001', 3, 0, 'cancelled'),
      line('l4', 'w1', 'A002', 2, 0), line('l5', 'w2', 'A001', 5, 0, 'forwarded'), line('l6', 'w3', 'A001', 5, 0, 'shipped'),
    ];
    expect(observationsOf(waves, lines)).toEqual([
      { waveId: 'w1', skuId: 'A001', believed: 50, ordered: 16, confirmed: 12 },
      { waveId: 'w1', skuId: 'A002', believed: 8, ordered: 2, confirmed: 2 },
    ]);
  });
});
