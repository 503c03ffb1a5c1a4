// The operator makes and retires the keys a supplier's system signs partner API requests
// with. The secret is answered once, when made; two keys may be alive at once so the
// supplier can switch over, and a retired key stays on record with who retired it.
import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import type { PartnerKey } from '../domain/model';
import type { NewPartnerKey, PartnerKeyView } from '../contract/api';
import { newKeyId, newSecret } from '../open/signature';
import { action } from './action';
import { codeSchema } from './catalogue-schemas';

/** Keys alive at once per supplier: the one in use and its replacement. */
export const LIVE_KEYS_MAX = 2;

const OPERATOR = ['operator'] as const;

export const keyView = ({ secret: _secret, ...view }: PartnerKey): PartnerKeyView => view;

export const partnerKeys = {
  listPartnerKeys: action([...OPERATOR], z.object({ supplierId: codeSchema }), async (ctx, input) =>
    ok((await ctx.deps.store.listPartnerKeys(input.supplierId)).map(keyView))),

  createPartnerKey: action([...OPERATOR], z.object({ supplierId: codeSchema }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const supplier = await store.getSupplier(input.supplierId);
    if (!supplier) return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
    if (supplier.level !== 'api') return fail('WRONG_STATE', `${supplier.name} 的对接方式不是“系统对接”，请先改为系统对接再创建密钥`);
    const live = (await store.listPartnerKeys(supplier.id)).filter((k) => k.revokedAt === undefined);
    if (live.length >= LIVE_KEYS_MAX) return fail('CONFLICT', `${supplier.name} 已有 ${LIVE_KEYS_MAX} 把有效密钥，请先停用不再使用的那把`);
    const key: PartnerKey = { id: newKeyId(), supplierId: supplier.id, secret: newSecret(), createdAt: clock.now(), createdBy: ctx.caller.id };
    await store.savePartnerKey(key);
    const made: NewPartnerKey = { ...keyView(key), secret: key.secret };
    return ok(made);
  }),

  revokePartnerKey: action([...OPERATOR], z.object({ keyId: z.string().trim().min(1).max(64) }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const key = await store.getPartnerKey(input.keyId);
    if (!key) return fail('NOT_FOUND', '没有这个密钥');
    if (key.revokedAt !== undefined) return ok(keyView(key));
    const revoked: PartnerKey = { ...key, revokedAt: clock.now(), revokedBy: ctx.caller.id };
    await store.savePartnerKey(revoked);
    return ok(keyView(revoked));
  }),
};
