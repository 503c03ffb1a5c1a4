// Seeding through the product's own handlers (operator.saveSupplier, saveSku,
// savePerson) as the installation's first operator, so every record has its _id, its
// fields and its checks exactly as the app would make them. Run again, it updates what
// exists instead of making it twice (people are matched by name, role and supplier or
// community). Every row is checked against the handlers' own schemas and the catalogue's
// references first, and nothing is written while any is refused; a refusal no check
// could foresee stops at its row (what came before stays, and a rerun carries on).
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { Sku, Supplier, User } from '../../cloudfunctions/src/domain/model';
import type { Deps } from '../../cloudfunctions/src/handlers/action';
import type { PersonView } from '../../cloudfunctions/src/contract/api';
import { skuSchema, supplierSchema } from '../../cloudfunctions/src/handlers/catalogue-schemas';
import { dispatch } from '../../cloudfunctions/src/handlers/registry';
import { hashToken } from '../../cloudfunctions/src/handlers/sessions';
import { type Catalogue, SHEETS, type SheetIssue } from './catalogue-sheet';

export interface SeedOutcome {
  issues: SheetIssue[];
  created: { suppliers: number; skus: number; people: number };
  updated: { suppliers: number; skus: number; people: number };
  /** Everyone seeded, with the code they sign in with. */
  invites: PersonView[];
}

const supplierOf = (r: Catalogue['suppliers'][number]): Supplier => ({
  id: r.id, name: r.name, level: r.level, reportTimes: r.reportTimes, basis: r.basis, ...(r.contact ? { contact: r.contact } : {}),
});
const skuOf = (r: Catalogue['skus'][number]): Sku => ({
  id: r.id, supplierId: r.supplierId, name: r.name, spec: r.spec, category: r.category, price: r.price, listed: r.listed, warningLine: r.warningLine,
  ...(r.cost !== undefined ? { cost: r.cost } : {}), ...(r.supplierCode ? { supplierCode: r.supplierCode } : {}),
});

/** Every row the handlers' own schemas or the catalogue's references would refuse. */
async function refusals(deps: Deps, c: Catalogue): Promise<SheetIssue[]> {
  const issues: SheetIssue[] = [];
  for (const r of c.suppliers) {
    const parsed = supplierSchema.safeParse(supplierOf(r));
    if (!parsed.success) issues.push(...parsed.error.issues.map((i) => ({ sheet: SHEETS.suppliers.name, row: r.row, column: i.path.join('.'), message: i.message })));
  }
  const known = new Set([...c.suppliers.map((s) => s.id), ...(await deps.store.listSuppliers()).map((s) => s.id)]);
  const seen = new Map<string, number>();
  for (const r of c.skus) {
    const parsed = skuSchema.safeParse(skuOf(r));
    if (!parsed.success) issues.push(...parsed.error.issues.map((i) => ({ sheet: SHEETS.skus.name, row: r.row, column: i.path.join('.'), message: i.message })));
    if (!known.has(r.supplierId)) issues.push({ sheet: SHEETS.skus.name, row: r.row, column: '供应商编码', message: `没有供应商 ${r.supplierId}（先在「供应商」表里写上它）` });
    if (seen.has(r.id)) issues.push({ sheet: SHEETS.skus.name, row: r.row, column: '商品编码', message: `与第 ${seen.get(r.id)} 行重复` });
    seen.set(r.id, r.row);
  }
  for (const r of c.people) {
    if (r.supplierId && !known.has(r.supplierId)) issues.push({ sheet: SHEETS.people.name, row: r.row, column: '供应商编码', message: `没有供应商 ${r.supplierId}` });
  }
  return issues;
}

/** Seed `catalogue` as `operator`. */
export async function seedCatalogue(deps: Deps, catalogue: Catalogue, operator: User): Promise<SeedOutcome> {
  const outcome: SeedOutcome = { issues: await refusals(deps, catalogue), created: { suppliers: 0, skus: 0, people: 0 }, updated: { suppliers: 0, skus: 0, people: 0 }, invites: [] };
  if (outcome.issues.length > 0) return outcome;
  const token = deps.newId('seed');
  await deps.store.createSession({ tokenHash: hashToken(token), userId: operator.id, createdAt: deps.clock.now(), lastUsedAt: deps.clock.now(), device: 'npm run seed' });
  const call = async <T>(action: string, payload: unknown): Promise<Result<T>> =>
    (await dispatch('operator', { action, payload }, { kind: 'session', token }, deps)) as unknown as Result<T>;
  try {
    const suppliers = new Set((await deps.store.listSuppliers()).map((s) => s.id));
    for (const r of catalogue.suppliers) {
      const exists = suppliers.has(r.id);
      must(await call('saveSupplier', { supplier: supplierOf(r), create: !exists }), SHEETS.suppliers.name, r.row, outcome);
      outcome[exists ? 'updated' : 'created'].suppliers++;
    }
    const skus = new Set((await deps.store.listSkus()).map((s) => s.id));
    for (const r of catalogue.skus) {
      const exists = skus.has(r.id);
      must(await call('saveSku', { sku: skuOf(r), create: !exists }), SHEETS.skus.name, r.row, outcome);
      outcome[exists ? 'updated' : 'created'].skus++;
    }
    const users = await deps.store.listUsers();
    for (const r of catalogue.people) {
      const same = users.find((u) => u.role === r.role && u.name === r.name && u.supplierId === r.supplierId && u.community === r.community);
      const saved = must(await call<PersonView>('savePerson', { person: { ...(same ? { id: same.id } : {}), name: r.name, role: r.role, ...(r.supplierId ? { supplierId: r.supplierId } : {}), ...(r.community ? { community: r.community } : {}) } }), SHEETS.people.name, r.row, outcome);
      outcome[same ? 'updated' : 'created'].people++;
      if (saved) outcome.invites.push(saved);
    }
  } finally {
    await deps.store.deleteSession(hashToken(token));
  }
  return outcome;
}

/** A handler refused a row the checks let through: say which, and stop. */
function must<T>(result: Result<T>, sheet: string, row: number, outcome: SeedOutcome): T {
  if (result.ok) return result.data;
  outcome.issues.push({ sheet, row, message: result.error.message });
  throw new SeedStopped(outcome);
}

export class SeedStopped extends Error {
  constructor(readonly outcome: SeedOutcome) {
    super('seed stopped at a refused row');
  }
}
