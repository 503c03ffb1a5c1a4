import fc from 'fast-check';
import { computeBuffer, resolveBufferPolicy } from '../../cloudfunctions/src/domain/buffer';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';

describe('buffer policy', () => {
  it('holds back 20% of onHand by default, rounded up to whole units', () => {
    expect(computeBuffer(DEFAULT_SETTINGS.bufferPolicy, 100, 0)).toEqual({ units: 20, rule: 'ratio' });
    expect(computeBuffer(DEFAULT_SETTINGS.bufferPolicy, 7, 0)).toEqual({ units: 2, rule: 'ratio' }); // 1.4 → 2
  });

  it('does not let float noise add a unit (0.2 × 15 is 3, not 4)', () => {
    expect(computeBuffer({ ratio: 0.2 }, 15, 0).units).toBe(3);
    expect(computeBuffer({ ratio: 0.1 }, 30, 0).units).toBe(3);
    expect(computeBuffer({ ratio: 0.3 }, 10, 0).units).toBe(3);
  });

  it('takes the largest of ratio, fixed and velocity and says which rule set it', () => {
    const policy = { ratio: 0.2, fixed: 5, velocityFraction: 0.5 };
    expect(computeBuffer(policy, 10, 2)).toEqual({ units: 5, rule: 'fixed' }); // ratio 2, velocity 1
    expect(computeBuffer(policy, 100, 2)).toEqual({ units: 20, rule: 'ratio' });
    expect(computeBuffer(policy, 30, 40)).toEqual({ units: 20, rule: 'velocity' }); // 0.5 × 40
  });

  it('never holds back more than onHand', () => {
    expect(computeBuffer({ fixed: 10 }, 4, 0)).toEqual({ units: 4, rule: 'fixed' });
    expect(computeBuffer({ velocityFraction: 0.5 }, 0, 100)).toEqual({ units: 0, rule: 'velocity' });
  });

  it('holds nothing back under an empty policy', () => {
    expect(computeBuffer({}, 50, 10)).toEqual({ units: 0, rule: 'none' });
  });

  it('prefers the SKU policy, then the supplier policy, then the global one', () => {
    const global = { bufferPolicy: { ratio: 0.2 } };
    expect(resolveBufferPolicy({ bufferPolicy: { fixed: 1 } }, { bufferPolicy: { fixed: 2 } }, global)).toEqual({ fixed: 1 });
    expect(resolveBufferPolicy({}, { bufferPolicy: { fixed: 2 } }, global)).toEqual({ fixed: 2 });
    expect(resolveBufferPolicy({}, {}, global)).toEqual({ ratio: 0.2 });
    expect(resolveBufferPolicy({}, undefined, global)).toEqual({ ratio: 0.2 });
  });

  it('is a whole number between 0 and onHand, at least every rule asks, for any policy', () => {
    fc.assert(fc.property(
      fc.record({ ratio: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), fixed: fc.option(fc.nat(500), { nil: undefined }), velocityFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }) }),
      fc.nat(100_000),
      fc.double({ min: 0, max: 10_000, noNaN: true }),
      (policy, onHand, velocity) => {
        const { units } = computeBuffer(policy, onHand, velocity);
        expect(Number.isInteger(units)).toBe(true);
        expect(units).toBeGreaterThanOrEqual(0);
        expect(units).toBeLessThanOrEqual(onHand);
        const asked = Math.max((policy.ratio ?? 0) * onHand, policy.fixed ?? 0, (policy.velocityFraction ?? 0) * velocity);
        expect(units).toBeGreaterThanOrEqual(Math.min(onHand, Math.floor(asked)));
      },
    ));
  });
});
