// Who answers the product's 报数超龄 reminder (alert kind countOverAge) and its 销量超比例
// recount ask (recountDue), and how soon: a supplier answers both alike.
// The product's own job raises it and its own alerting spends one subscription consent
// per send (DESIGN §6); the simulator only plays the people: portal suppliers grant a
// consent now and then when they report, read a pushed reminder far more often than one
// left in the inbox, and operators chase a rules-level supplier's WeChat group.
import type { AlertKind } from '../cloudfunctions/src/domain/alerts';
import type { Settings, User } from '../cloudfunctions/src/domain/model';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import type { Notifier } from '../cloudfunctions/src/notify/notifier';
import { STREAM, between, draw } from './random';
import type { SimSupplier } from './world';
import type { WorldConfig } from './world-config';

export const REMIND_TEMPLATE = 'SIM-COUNT-OVER-AGE';
export const OPERATOR_ID = 'operator:sim';
export const supplierUserId = (supplierId: string): string => `staff:${supplierId}`;
const openidOf = (userId: string): string => `o-${userId}`;

/** Portal suppliers' staff (who can receive subscription messages) and one operator. */
export function reminderUsers(suppliers: SimSupplier[]): User[] {
  const staff = suppliers.filter((s) => s.level === 'portal').map((s): User => ({
    id: supplierUserId(s.id), name: `${s.name}报数员`, role: 'supplier', supplierId: s.id, inviteCode: `SIM-${s.id}`, openid: openidOf(supplierUserId(s.id)),
  }));
  return [...staff, { id: OPERATOR_ID, name: '运营', role: 'operator', inviteCode: 'SIM-OPERATOR' }];
}

/**
 * The reminder and the recount ask share one subscription template (both ask the
 * supplier to count), so the product tries to push either, spending the same consents.
 */
export function withReminderTemplate(settings: Settings): Settings {
  const data = { thing1: 'subject' as const, thing2: 'detail' as const, time3: 'time' as const };
  const templates = (['countOverAge', 'recountDue'] as const).map((kind) => ({ kind, templateId: REMIND_TEMPLATE, data }));
  return { ...settings, alerts: { ...settings.alerts, subscribeTemplates: [...settings.alerts.subscribeTemplates, ...templates] } };
}

/** WeChat, as far as the simulator needs it: every send succeeds and is remembered for the step. */
export function recordingNotifier(sent: Set<string>): Notifier {
  return {
    subscribe: async (message) => {
      sent.add(message.touser);
      return { ok: true };
    },
  };
}

/** After reporting in the mini-program, the supplier taps "allow" on the consent prompt (or not). */
export async function maybeGrantConsent(deps: Deps, config: WorldConfig, seed: number, supplier: SimSupplier, step: number): Promise<void> {
  if (draw(seed, STREAM.consent, supplier.index, step) >= config.consentGrantRate) return;
  await deps.store.addConsents(supplierUserId(supplier.id), REMIND_TEMPLATE, 1);
}

export interface Recount {
  supplierIndex: number;
  /** Steps from now until the count arrives. */
  afterSteps: number;
  pushed: boolean;
}

/** A portal supplier reminded now: recounts if it reads the reminder (pushed, or found in the inbox). */
export function portalResponse(config: WorldConfig, seed: number, supplier: SimSupplier, step: number, pushed: boolean, stepMs: number): Recount | null {
  const comply = pushed ? config.portalRemindCompliance : config.portalInboxCompliance;
  if (draw(seed, STREAM.remindComply, supplier.index, step) >= comply) return null;
  const delay = between(config.portalRemindDelayMinutes[0], config.portalRemindDelayMinutes[1], draw(seed, STREAM.remindDelay, supplier.index, step));
  return { supplierIndex: supplier.index, afterSteps: Math.max(1, Math.ceil((delay * 60_000) / stepMs)), pushed };
}

/** An operator reminded about a rules-level supplier asks its WeChat group, and types the answer in later. */
export function operatorChase(config: WorldConfig, seed: number, supplier: SimSupplier, step: number, stepMs: number): Recount | null {
  if (draw(seed, STREAM.operatorChase, supplier.index, step) >= config.operatorChaseRate) return null;
  const [lo, hi] = config.operatorChaseDelayMinutes;
  const delay = supplier.unreliability * between(lo, hi, draw(seed, STREAM.operatorChase, supplier.index, step, 1));
  return { supplierIndex: supplier.index, afterSteps: Math.max(1, Math.ceil((delay * 60_000) / stepMs)), pushed: false };
}

/** Which suppliers the operator was asked about at `now`, by which of `kinds` (the alert's key names the supplier). */
export async function operatorRemindedAbout(deps: Deps, now: number, kinds: readonly AlertKind[]): Promise<Map<string, Set<AlertKind>>> {
  const alerts = await deps.store.listAlerts(OPERATOR_ID, 200);
  const about = new Map<string, Set<AlertKind>>();
  for (const a of alerts) {
    if (a.at !== now || !kinds.includes(a.kind)) continue;
    const supplierId = a.id.split(':')[1]!;
    about.set(supplierId, (about.get(supplierId) ?? new Set()).add(a.kind));
  }
  return about;
}
