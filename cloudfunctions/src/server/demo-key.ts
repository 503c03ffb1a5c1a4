// The demo API supplier's partner key: fixed and public (printed on start, written in
// the README), so a newcomer's demo ERP can sign requests at once. Real use retires it.
import type { PartnerKey } from '../domain/model';
import type { Deps } from '../handlers/action';

export const DEMO_PARTNER_KEY: PartnerKey = { id: 'demo-s01', supplierId: 'S01', secret: 'demo-secret-s01', createdAt: 0, createdBy: 'system' };

/** In demo mode the key is alive (made once; revoked by an operator stays revoked). */
export async function ensureDemoKey(deps: Deps): Promise<PartnerKey | null> {
  if (!(await deps.store.getSupplier(DEMO_PARTNER_KEY.supplierId))) return null;
  const kept = await deps.store.getPartnerKey(DEMO_PARTNER_KEY.id);
  if (kept) return kept.revokedAt === undefined ? kept : null;
  await deps.store.savePartnerKey(DEMO_PARTNER_KEY);
  return DEMO_PARTNER_KEY;
}

/** Leaving the demo: its public key stops working (kept on record, as every retired key). */
export async function retireDemoKey(deps: Deps): Promise<boolean> {
  const kept = await deps.store.getPartnerKey(DEMO_PARTNER_KEY.id);
  if (!kept || kept.revokedAt !== undefined) return false;
  await deps.store.savePartnerKey({ ...kept, revokedAt: deps.clock.now(), revokedBy: 'system' });
  return true;
}
