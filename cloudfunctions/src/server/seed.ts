import type { Report } from '../domain/model';
import { inShanghai } from '../domain/time';
import type { Deps } from '../handlers/action';
import { applyReport } from '../handlers/report-apply';
import { DEMO_OPENING_COUNTS, DEMO_SKUS, DEMO_SUPPLIERS, DEMO_USERS } from './demo-data';

/** Seed the demo world once: nothing happens if anyone is already stored. */
export async function seedDemo(deps: Deps): Promise<boolean> {
  const { store, clock, newId } = deps;
  if ((await store.listUsers()).length > 0) return false;
  await store.upsertSuppliers(DEMO_SUPPLIERS);
  await store.upsertSkus(DEMO_SKUS);
  await store.upsertUsers(DEMO_USERS);
  // The opening counts are last evening's 20:00 report, applied like any other.
  const lastEvening = inShanghai(clock.now()).subtract(1, 'day').hour(20).minute(0).second(0).millisecond(0).valueOf();
  const skus = new Map(DEMO_SKUS.map((s) => [s.id, s]));
  for (const supplier of DEMO_SUPPLIERS) {
    const report: Report = {
      id: newId('rep'), supplierId: supplier.id, source: supplier.level === 'api' ? 'api' : supplier.level === 'rules' ? 'operator' : 'form',
      basis: supplier.basis, reportedBy: supplier.level === 'rules' ? 'U-OP1' : `U-${supplier.id}`, reportedAt: lastEvening,
      lines: DEMO_OPENING_COUNTS[supplier.id] ?? [],
    };
    const applied = await applyReport(deps, report, skus, { alerts: false });
    if (!applied.ok || applied.data.status !== 'applied') throw new Error(`demo seed failed: ${applied.ok ? 'not applied whole' : applied.error.message}`);
  }
  return true;
}
