// Suppliers of the simulated world: their integration levels, how reliable each one is
// (a mean-one factor drawn per supplier, a few chronically bad), and the scheduled
// counts that reliability produces (misses, lateness, numbers copied from last time).
import type { IntegrationLevel } from '../cloudfunctions/src/domain/model';
import { STREAM, between, draw, meanOneLognormal } from './random';
import type { ScheduledCount, SimSupplier } from './world';
import type { WorldConfig } from './world-config';

const LEVEL_ORDER: IntegrationLevel[] = ['api', 'portal', 'rules'];
const MINUTE = 60_000;

/** Suppliers get levels in proportion to the mix, spread evenly (not clumped at one end). */
function levelsFor(count: number, mix: [number, number, number]): IntegrationLevel[] {
  const total = mix[0] + mix[1] + mix[2];
  const quotas = mix.map((m) => (m / total) * count);
  const given = quotas.map(Math.floor);
  let left = count - given.reduce((a, b) => a + b, 0);
  const byRemainder = [0, 1, 2].sort((a, b) => (quotas[b]! - given[b]!) - (quotas[a]! - given[a]!));
  for (const i of byRemainder) if (left-- > 0) given[i]! += 1;
  const levels: IntegrationLevel[] = [];
  // Interleave so suppliers of every level are spread through the list.
  const used = [0, 0, 0];
  for (let n = 0; n < count; n++) {
    let best = 0;
    let bestLag = -Infinity;
    for (let l = 0; l < 3; l++) {
      if (used[l]! >= given[l]!) continue;
      const lag = (given[l]! * (n + 1)) / count - used[l]!;
      if (lag > bestLag) {
        bestLag = lag;
        best = l;
      }
    }
    used[best]! += 1;
    levels.push(LEVEL_ORDER[best]!);
  }
  return levels;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The chronically bad ones: a fixed count (chronicShare of all), those with the lowest draws. */
function chronicSet(config: WorldConfig, seed: number): Set<number> {
  const count = Math.round(config.suppliers * config.chronicShare);
  const order = Array.from({ length: config.suppliers }, (_, i) => i)
    .sort((a, b) => draw(seed, STREAM.supplierChronic, a) - draw(seed, STREAM.supplierChronic, b));
  return new Set(order.slice(0, count));
}

export function buildSuppliers(config: WorldConfig, seed: number): SimSupplier[] {
  const chronic = chronicSet(config, seed);
  return levelsFor(config.suppliers, config.levelMix).map((level, index) => {
    const bad = chronic.has(index);
    const factor = meanOneLognormal(config.supplierSpread, draw(seed, STREAM.supplierReliability, index)) * (bad ? config.chronicFactor : 1);
    return { index, id: `S${pad(index + 1, 2)}`, name: `供应商${pad(index + 1, 2)}`, level, unreliability: factor, chronic: bad };
  });
}

/** A base rate scaled by a supplier's unreliability: scaling never makes it a certainty (a base of 1 stays 1). */
export const rateFor = (base: number, supplier: SimSupplier): number => Math.min(Math.max(0.9, base), base * supplier.unreliability);

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** One scheduled report of a portal or rules supplier, or none if it is missed. */
function countFor(config: WorldConfig, seed: number, supplier: SimSupplier, day: number, slot: number, stepMs: number): ScheduledCount | null {
  const at = day * 1440 + minutesOf(config.reportTimes[slot]!);
  const keys = [supplier.index, day, slot] as const;
  const toStep = (minuteOfRun: number): number => Math.ceil((minuteOfRun * MINUTE) / stepMs);
  const portal = supplier.level === 'portal';
  if (draw(seed, STREAM.reportMiss, ...keys) < rateFor(portal ? config.portalMissRate : config.rulesMissRate, supplier)) return null;
  const late = portal ? config.portalLateMinutes : config.rulesPostLateMinutes;
  const counted = at + supplier.unreliability * between(late[0], late[1], draw(seed, STREAM.reportLate, ...keys));
  const copyLast = draw(seed, STREAM.copyLast, ...keys) < rateFor(config.copyLastRate, supplier);
  const countStep = toStep(counted);
  if (portal) return { supplierIndex: supplier.index, countStep, entryStep: countStep, copyLast };
  // Rules: posted in the group, typed in by the operator later (the operator's lag is not the supplier's).
  const entered = counted + between(config.rulesEntryLagMinutes[0], config.rulesEntryLagMinutes[1], draw(seed, STREAM.entryLag, ...keys));
  return { supplierIndex: supplier.index, countStep, entryStep: Math.max(countStep, toStep(entered)), copyLast };
}

export function buildCounts(config: WorldConfig, seed: number, suppliers: SimSupplier[], stepMs: number, steps: number): ScheduledCount[][] {
  const counts: ScheduledCount[][] = Array.from({ length: steps }, () => []);
  const days = config.warmupDays + config.days;
  for (let day = 0; day < days; day++) {
    for (const supplier of suppliers) {
      if (supplier.level === 'api') continue; // the ERP pushes; no scheduled counts
      config.reportTimes.forEach((_, slot) => {
        const count = countFor(config, seed, supplier, day, slot, stepMs);
        if (count && count.countStep < steps) counts[count.countStep]!.push(count);
      });
    }
  }
  return counts;
}
