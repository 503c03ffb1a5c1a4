// Who may do what, written out as a table of every function × action × caller, and tried
// over HTTP as the H5 app calls (and in-process by OPENID, as WeChat's cloud calls).
// The table is the policy people expect (DESIGN §2), not read from the code: a new
// action without a row fails the suite. Then the ownership cases: a supplier reaching
// for another supplier's things, a leader for another leader's, anyone for another's inbox.
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { User } from '../../cloudfunctions/src/domain/model';
import type { HeldView, InboxView, IntakeResult, LeaderDayView, PlaceOrderResult, TaskView, WaveSummary } from '../../cloudfunctions/src/contract/api';
import { FUNCTIONS, dispatch } from '../../cloudfunctions/src/handlers/registry';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

/** S supplier, L leader, O operator; '*' anyone, signed in or not. */
const ACCESS: Record<string, '*' | 'S' | 'L' | 'O' | 'SLO' | 'LO'> = {
  'account.whoami': '*',
  'account.signIn': '*',
  'account.signOut': '*',
  'account.demoIdentities': '*',
  'account.signOutEverywhere': 'SLO',
  'account.mySessions': 'SLO',
  'account.inbox': 'SLO',
  'account.markRead': 'SLO',
  'account.subscribeTemplates': 'SLO',
  'account.recordConsents': 'SLO',
  'supplier.reportSheet': 'S',
  'supplier.submitReport': 'S',
  'supplier.continueReport': 'S',
  'supplier.confirmHeld': 'S',
  'supplier.discardHeld': 'S',
  'supplier.waves': 'S',
  'supplier.wave': 'S',
  'supplier.exportWave': 'S',
  'supplier.confirmWave': 'S',
  'supplier.shipWave': 'S',
  'supplier.skuHistory': 'S',
  'supplier.webhookEvents': 'S',
  'supplier.stocktakes': 'S',
  'supplier.stocktake': 'S',
  'supplier.submitStocktake': 'S',
  'supplier.explainStocktake': 'S',
  'supplier.confirmStocktake': 'S',
  'supplier.exportStocktake': 'S',
  'supplier.scorecard': 'S',
  'leader.availability': 'LO',
  'leader.placeOrder': 'L',
  'leader.importOrders': 'L',
  'leader.parseJielong': 'L',
  'leader.teachAlias': 'L',
  'leader.removeAlias': 'L',
  'leader.myAliases': 'L',
  'leader.listings': 'LO',
  'leader.linkListing': 'LO',
  'leader.editListing': 'LO',
  'leader.unlinkListing': 'LO',
  'leader.markTyped': 'LO',
  'leader.cartChanged': 'L',
  'leader.myOrders': 'L',
  'leader.changeLine': 'L',
  'leader.cancelLine': 'L',
  'leader.tasks': 'L',
  'leader.chooseSubstitute': 'L',
  'leader.chooseRefund': 'L',
  'leader.recordContact': 'L',
  'operator.listSuppliers': 'O',
  'operator.saveSupplier': 'O',
  'operator.listSkus': 'O',
  'operator.saveSku': 'O',
  'operator.submitReportFor': 'O',
  'operator.parseSupplierMessage': 'O',
  'operator.leaderAliases': 'O',
  'operator.continueReport': 'O',
  'operator.listHeld': 'O',
  'operator.confirmHeld': 'O',
  'operator.discardHeld': 'O',
  'operator.skuHistory': 'O',
  'operator.importStock': 'O',
  'operator.importOrdersFor': 'O',
  'operator.stockTemplate': 'O',
  'operator.listPeople': 'O',
  'operator.savePerson': 'O',
  'operator.personDetail': 'O',
  'operator.reissueInvite': 'O',
  'operator.setPersonEnabled': 'O',
  'operator.endSessions': 'O',
  'operator.alertKinds': 'O',
  'operator.getSettings': 'O',
  'operator.saveSettings': 'O',
  'operator.previewSettings': 'O',
  'operator.previewSupplier': 'O',
  'operator.previewSku': 'O',
  'operator.settingsHistory': 'O',
  'operator.waves': 'O',
  'operator.wave': 'O',
  'operator.confirmWaveFor': 'O',
  'operator.tasks': 'O',
  'operator.listPartnerKeys': 'O',
  'operator.createPartnerKey': 'O',
  'operator.revokePartnerKey': 'O',
  'operator.webhookEvents': 'O',
  'operator.retryWebhook': 'O',
  'operator.stocktakes': 'O',
  'operator.stocktake': 'O',
  'operator.openStocktake': 'O',
  'operator.countStocktakeFor': 'O',
  'operator.explainStocktakeFor': 'O',
  'operator.approveStocktake': 'O',
  'operator.returnStocktake': 'O',
  'operator.cancelStocktake': 'O',
  'operator.exportStocktake': 'O',
  'operator.scorecards': 'O',
  'operator.scorecard': 'O',
  'operator.bufferSuggestions': 'O',
  'operator.applyBufferSuggestions': 'O',
  'operator.bufferChanges': 'O',
  'operator.settlement': 'O',
  'operator.exportSettlement': 'O',
};

const CALLERS = ['none', 'badToken', 'expired', 'disabled', 'wechatDisabled', 'supplier', 'leader', 'operator'] as const;
type Caller = (typeof CALLERS)[number];
const ROLE_LETTER: Partial<Record<Caller, string>> = { supplier: 'S', leader: 'L', operator: 'O' };

/** What each caller should get: let through (any answer but a refusal of who they are), or refused with this status and code. */
function expected(allowed: string, caller: Caller): 'through' | [number, string] {
  if (allowed === '*') return 'through';
  const letter = ROLE_LETTER[caller];
  if (letter) return allowed.includes(letter) ? 'through' : [403, 'FORBIDDEN'];
  if (caller === 'wechatDisabled') return [403, 'ACCOUNT_DISABLED'];
  return [401, 'UNAUTHENTICATED'];
}

const REFUSALS = ['UNAUTHENTICATED', 'FORBIDDEN', 'ACCOUNT_DISABLED', 'INTERNAL'];
// Signing out ends the caller's session: those rows run after every other for each caller.
const LAST = ['account.signOutEverywhere', 'account.signOut'];
const rank = (row: string) => LAST.indexOf(row);

let s: TestServer;
afterEach(async () => {
  await s?.close();
  s = undefined as unknown as TestServer;
});

async function world(): Promise<TestServer> {
  const server = await startTestServer({ server: { rateLimits: { anonymousPerMinute: 100_000, perSessionPerMinute: 100_000 } } });
  await server.store.upsertSuppliers(suppliers);
  await server.store.upsertSkus(skus);
  const extra: User[] = [
    { id: 'u-leader-idle', name: '久未登录团长', role: 'leader', community: '老街', inviteCode: 'LEAD-IDLE' },
    { id: 'u-leader-off', name: '已停用团长', role: 'leader', community: '新村', inviteCode: 'LEAD-OFF' },
    { id: 'u-leader-wx-off', name: '微信停用团长', role: 'leader', community: '河畔', inviteCode: 'LEAD-WXOFF', openid: 'oWXOFF', disabled: true },
  ];
  await server.store.upsertUsers([...users, ...extra]);
  return server;
}

describe('the authorization matrix', () => {
  it('names every action the functions serve, and nothing else', () => {
    const served = Object.entries(FUNCTIONS).flatMap(([fn, actions]) => Object.keys(actions).map((a) => `${fn}.${a}`));
    expect(Object.keys(ACCESS).sort()).toEqual(served.sort());
  });

  it('lets each caller through exactly where the table says, and refuses everywhere else with the status that says why', async () => {
    s = await world();
    const idle = await s.signIn('LEAD-IDLE');
    s.clock.advance(31 * 24 * 3600_000); // 30 days unused: the session has ended
    const [supplier, leader, operator, off] = await Promise.all(['SUP-FRUIT', 'LEAD-0001', 'OP-0001', 'LEAD-OFF'].map((c) => s.signIn(c)));
    expect(await s.call('operator', 'setPersonEnabled', { userId: 'u-leader-off', enabled: false }, operator)).toMatchObject({ ok: true });
    const tokens: Partial<Record<Caller, string>> = { badToken: 'hz_not-a-session-at-all', expired: idle, disabled: off, supplier, leader, operator };

    const ask = async (caller: Caller, fn: string, action: string): Promise<[number, Result<unknown>]> => {
      if (caller === 'wechatDisabled') {
        const reply = await dispatch(fn, { action, payload: {} }, { kind: 'openid', openid: 'oWXOFF' }, { ...s.deps, runtime: 'wechat' });
        return [reply.ok ? 200 : reply.error.code === 'ACCOUNT_DISABLED' ? 403 : 0, reply];
      }
      const token = tokens[caller];
      const res = await fetch(`${s.url}/api/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ action, payload: {} }),
      });
      return [res.status, (await res.json()) as Result<unknown>];
    };

    const rows = Object.keys(ACCESS).sort((a, b) => rank(a) - rank(b));
    const wrong: string[] = [];
    for (const caller of CALLERS) {
      for (const row of rows) {
        const [fn, action] = row.split('.') as [string, string];
        const [status, body] = await ask(caller, fn, action);
        const want = expected(ACCESS[row]!, caller);
        const got = body.ok ? 'ok' : body.error.code;
        const fine = want === 'through' ? status < 500 && !REFUSALS.includes(got) : status === want[0] && got === want[1];
        if (!fine) wrong.push(`${row} as ${caller}: wanted ${want === 'through' ? 'through' : want.join(' ')}, got ${status} ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});

describe('other people\'s things', () => {
  let fruit: string;
  let eggs: string;
  let l1: string;
  let l2: string;
  let op: string;
  let keySeq = 0;
  const order = async (token: string, lines: Array<[string, number]>) => {
    const res = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: `own-order-${++keySeq}`, lines: lines.map(([skuId, qty]) => ({ skuId, qty })) }, token);
    if (!res.ok) throw new Error(res.error.message);
    return res.data;
  };
  const code = (res: Result<unknown>) => (res.ok ? 'ok' : res.error.code);

  beforeEach(async () => {
    s = await world();
    [fruit, eggs, l1, l2, op] = await Promise.all(['SUP-FRUIT', 'SUP-EGGS', 'LEAD-0001', 'LEAD-0002', 'OP-0001'].map((c) => s.signIn(c))) as [string, string, string, string, string];
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40 }] }, fruit);
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'B001', onHand: 40 }] }, eggs);
  });

  it('a supplier cannot count, read, hold, confirm or ship for another supplier', async () => {
    expect(code(await s.call('supplier', 'submitReport', { lines: [{ skuId: 'B001', onHand: 1 }] }, fruit))).toBe('NOT_YOUR_SKU');
    expect(code(await s.call('supplier', 'skuHistory', { skuId: 'B001' }, fruit))).toBe('NOT_FOUND');
    const held = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'B001', onHand: 4000 }] }, eggs);
    const heldId = held.ok && held.data.status === 'held' ? held.data.held.id : '';
    expect(heldId).not.toBe('');
    expect(code(await s.call('supplier', 'confirmHeld', { heldId }, fruit))).toBe('NOT_FOUND');
    expect(code(await s.call('supplier', 'discardHeld', { heldId }, fruit))).toBe('NOT_FOUND');
    expect(code(await s.call('supplier', 'continueReport', { reportId: heldId }, fruit))).toBe('NOT_FOUND');
    expect((await s.store.getHeldReport(heldId))?.status).toBe('held');
    expect((await s.store.listInventory(['B001']))[0]!.onHand).toBe(40);

    await order(l1, [['A001', 2], ['B001', 3]]);
    s.clock.set(Date.UTC(2026, 10, 26, 14, 5));
    await closeDueWaves(s.deps);
    const eggWave = 'sup-eggs_2026-11-26';
    for (const action of ['wave', 'exportWave', 'shipWave'] as const) expect([action, code(await s.call('supplier', action, { waveId: eggWave }, fruit))]).toEqual([action, 'NOT_FOUND']);
    expect(code(await s.call('supplier', 'confirmWave', { waveId: eggWave, skus: [{ skuId: 'B001', shipQty: 0 }] }, fruit))).toBe('NOT_FOUND');
    expect((await s.store.getWave(eggWave))?.status).toBe('closed');
    const mine = await s.call<WaveSummary[]>('supplier', 'waves', {}, fruit);
    expect(mine.ok && mine.data.map((w) => w.id)).toEqual(['sup-fruit_2026-11-26']);
  });

  it('a leader cannot change, cancel or settle another leader\'s lines and tasks, nor see them', async () => {
    const theirs = await order(l2, [['B001', 5]]);
    const lineId = theirs.lines[0]!.lineId;
    expect(code(await s.call('leader', 'changeLine', { lineId, qty: 1 }, l1))).toBe('NOT_FOUND');
    expect(code(await s.call('leader', 'cancelLine', { lineId }, l1))).toBe('NOT_FOUND');
    expect((await s.store.getOrderLines([lineId]))[0]).toMatchObject({ qty: 5, status: 'placed' });
    const mine = await s.call<LeaderDayView[]>('leader', 'myOrders', {}, l1);
    expect(mine.ok && mine.data.flatMap((d) => d.lines)).toEqual([]);

    // A shortage on their line makes a task for them, not for anyone else.
    s.clock.set(Date.UTC(2026, 10, 26, 14, 5));
    await closeDueWaves(s.deps);
    expect(code(await s.call('supplier', 'confirmWave', { waveId: 'sup-eggs_2026-11-26', skus: [{ skuId: 'B001', shipQty: 2 }] }, eggs))).toBe('ok');
    const tasks = await s.call<TaskView[]>('leader', 'tasks', {}, l2);
    const taskId = tasks.ok ? tasks.data[0]?.id ?? '' : '';
    expect(taskId).not.toBe('');
    const seen = await s.call<TaskView[]>('leader', 'tasks', {}, l1);
    expect(seen.ok && seen.data).toEqual([]);
    expect(code(await s.call('leader', 'chooseSubstitute', { taskId, skuId: 'A001' }, l1))).toBe('NOT_FOUND');
    expect(code(await s.call('leader', 'chooseRefund', { taskId }, l1))).toBe('NOT_FOUND');
    expect(code(await s.call('leader', 'recordContact', { taskId, note: '冒充' }, l1))).toBe('NOT_FOUND');
    const still = await s.call<TaskView[]>('leader', 'tasks', {}, l2);
    expect(still.ok && still.data.map((t) => [t.id, t.status])).toEqual([[taskId, 'open']]);
  });

  it('nobody reads or marks another person\'s inbox', async () => {
    const theirs = await order(l2, [['B001', 5]]);
    s.clock.set(Date.UTC(2026, 10, 26, 14, 5));
    await closeDueWaves(s.deps);
    await s.call('supplier', 'confirmWave', { waveId: 'sup-eggs_2026-11-26', skus: [{ skuId: 'B001', shipQty: 0 }] }, eggs);
    const inbox = await s.call<InboxView>('account', 'inbox', {}, l2);
    const items = inbox.ok ? inbox.data.alerts : [];
    expect(items.length).toBeGreaterThan(0);
    for (const token of [l1, fruit, op]) {
      const other = await s.call<InboxView>('account', 'inbox', {}, token);
      expect(other.ok && other.data.alerts.map((i) => i.id).filter((id) => items.some((mine) => mine.id === id))).toEqual([]);
    }
    await s.call('account', 'markRead', { ids: items.map((i) => i.id) }, l1);
    const after = await s.call<InboxView>('account', 'inbox', {}, l2);
    expect(after.ok && after.data.alerts.filter((i) => i.read).length).toBe(0);
    expect(theirs.lines.length).toBe(1);
  });

  it('an operator sees every supplier\'s held reports, a supplier only their own', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'B001', onHand: 4000 }] }, eggs);
    const all = await s.call<HeldView[]>('operator', 'listHeld', { status: 'held' }, op);
    expect(all.ok && all.data.map((h) => h.supplierName)).toEqual(['山里土鸡蛋合作社']);
    const sheet = await s.call<{ held: HeldView[] }>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.held).toEqual([]);
  });
});
