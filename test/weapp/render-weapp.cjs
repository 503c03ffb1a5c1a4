#!/usr/bin/env node
// The weapp WeChat runs, rendered before upload: the built miniprogram/dist/weapp in
// miniprogram-simulate (WXML by wcc, WXSS by wcsc), the real Taro runtime and NutUI, and
// wx.cloud.callFunction answered by the real handlers on an in-memory store. Builds nothing:
// run `npm run build:weapp` first. Prints one JSON line; exit 0 only when every check passed.
const { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { buildHash } = require('../../scripts/weapp-build-hash.cjs');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'miniprogram/dist/weapp');
const RESULT = path.join(ROOT, '.tmp/weapp-render.json');
const DEADLINE_MS = 180_000;

const checks = [];
const record = (name, ok, detail) => checks.push({ name, ok, detail: String(detail ?? '') });

/** The private copy being rendered, removed however the run ends. */
let snapshotDir = null;

function finish() {
  if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  const passed = checks.length > 0 && checks.every((c) => c.ok);
  // A pass on record must be this run's: deploy:check reads it.
  if (!passed) rmSync(RESULT, { force: true });
  console.log(JSON.stringify({ passed, checks }));
  process.exit(passed ? 0 : 1);
}

if (!existsSync(path.join(DIST, 'app.js'))) {
  record('build present', false, `${path.relative(ROOT, DIST)}/app.js is missing: run \`npm run build:weapp\` first`);
  finish();
}

/**
 * Render a private copy: a build started meanwhile (another test, another person) empties
 * dist/weapp. The copy is the build that is judged, and its hash is the one recorded.
 */
function snapshot() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'huozhun-weapp-'));
    try {
      const before = buildHash(DIST);
      cpSync(DIST, dir, { recursive: true });
      const copied = buildHash(dir);
      if (copied === before && copied === buildHash(DIST) && existsSync(path.join(dir, 'app.js'))) return { dir, hash: copied };
    } catch {
      // A file went away under the copy: a build is rewriting the folder. Try again.
    }
    rmSync(dir, { recursive: true, force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
  }
  throw new Error(`${path.relative(ROOT, DIST)} kept changing while it was copied (a build running?)`);
}

// Loaded after the check above: they set up jsdom and the simulator's globals.
const { createPhone } = require('./phone.cjs');
const screen = require('./screen.cjs');
const { startBackend } = require('./backend.cjs');
const compiler = require('miniprogram-compiler');
const wcsc = require('miniprogram-compiler/src/wcsc');

const { waitFor, waitForText, tapText, textOf, inputs, findAll, tap, type, focus } = screen;

/** What the app itself complained about (React errors, rejected promises): none is expected. */
const appErrors = [];
const originalError = console.error;
console.error = (...args) => appErrors.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ').slice(0, 500));
process.on('unhandledRejection', (reason) => appErrors.push(`unhandled rejection: ${reason?.stack ?? reason}`.slice(0, 500)));

/** A journey is steps in order: once one fails, the rest are recorded as not reached. */
async function journey(steps) {
  let failed = null;
  for (const [name, run] of steps) {
    if (failed) {
      record(name, false, `not reached: "${failed}" failed`);
      continue;
    }
    try {
      record(name, true, await run());
    } catch (err) {
      failed = name;
      record(name, false, err?.message ?? err);
    }
  }
}

const ROUTES = {
  login: 'pages/login/index',
  report: 'pages/supplier/report/index',
  availability: 'pages/leader/availability/index',
  order: 'pages/leader/order/index',
  operatorHome: 'pages/operator/home/index',
  suppliers: 'pages/operator/suppliers/index',
};

function allPages(dir) {
  const app = require(path.join(dir, 'app.json'));
  return [...app.pages, ...(app.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];
}

function compileChecks(dir) {
  const pages = allPages(dir);
  try {
    const started = Date.now();
    const gwx = new Function(compiler.wxmlToJs(dir, { maxBuffer: 64 << 20 }))();
    const missing = pages.filter((page) => typeof gwx(`${page}.wxml`) !== 'function');
    if (missing.length) throw new Error(`no template for ${missing.join(', ')}`);
    record('WXML compiles with wcc', true, `${pages.length} pages in ${Date.now() - started} ms`);
  } catch (err) {
    record('WXML compiles with wcc', false, err.message.slice(0, 1000));
  }
  try {
    const started = Date.now();
    const files = allWxss(dir);
    const out = wcsc(dir, files, { maxBuffer: 64 << 20 });
    // wcsc answers (not throws) an Error when a file does not compile.
    if (out instanceof Error) throw out;
    // The app and each page get their own entry; shared files (common, sub-vendors) go into `comm`.
    const missing = ['app', ...pages].filter((p) => !(`${p}.wxss` in out));
    if (missing.length || !out.comm) throw new Error(`no output for ${[...missing, ...(out.comm ? [] : ['the shared styles'])].join(', ')}`);
    const styleOf = new Function(compiler.wxssToJs(dir, { maxBuffer: 64 << 20 }))();
    const unstyled = ['app', ...pages].filter((p) => typeof styleOf(`${p}.wxss`) !== 'function');
    if (unstyled.length) throw new Error(`no style function for ${unstyled.join(', ')}`);
    record('WXSS compiles with wcsc', true, `${files.length} files (app, ${pages.length} pages, shared) in ${Date.now() - started} ms`);
  } catch (err) {
    record('WXSS compiles with wcsc', false, err.message.slice(0, 1000));
  }
}

function allWxss(dir) {
  const out = [];
  const walk = (sub) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.wxss')) out.push(rel.slice(0, -'.wxss'.length));
    }
  };
  walk('');
  return out.sort();
}

/** Sign in on the login page as a person would: type the invite code, tap 登录. */
async function signIn(phone, inviteCode) {
  await waitForText(phone, '登录', ROUTES.login);
  const box = await waitFor(phone, 'the invite code box', () => inputs(phone.page()).find((i) => Object.values(i.props).includes('邀请码')));
  type(box.element, inviteCode);
  await tapText(phone, '登录');
}

/** The smallest rendered block that shows every one of `texts` (a card, a row). */
function blockShowing(page, texts) {
  const hits = [...page.comp.dom.querySelectorAll('*')].filter((el) => texts.every((t) => el.textContent.includes(t)));
  return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)))[0] ?? null;
}

/** Inside `block`, an element showing exactly `value` with `label` right after it ("122" then "可售"). */
/** Taro's short name for an <input> attribute in node data, from the compiled template: selection-start="{{xs.b(i.p23,-1)}}". */
function inputPropKey(dir, attribute) {
  const match = new RegExp(`<input [^>]*?\\s${attribute}="\\{\\{(?:xs\\.b\\()?i\\.(\\w+)`).exec(readFileSync(path.join(dir, 'base.wxml'), 'utf8'));
  if (!match) throw new Error(`no ${attribute} on <input> in base.wxml`);
  return match[1];
}

function showsLabelled(block, value, label) {
  const exact = (el) => el?.textContent.trim();
  return !!block && [...block.querySelectorAll('*')].some((el) => exact(el) === value && exact(el.nextElementSibling) === label);
}

async function main() {
  const started = Date.now();
  const { dir, hash } = snapshot();
  snapshotDir = dir;
  record('build present', true, `${path.relative(ROOT, DIST)} (sha256 ${hash.slice(0, 12)}…), rendered from a copy`);
  compileChecks(dir);

  const backend = await startBackend();
  const { store } = backend.deps;
  const asked = [];
  const phoneFor = (openid) => {
    const phone = createPhone({ dist: dir, cloud: backend.cloudFor(openid) });
    // The consent sheet: this person taps 允许 for every template asked.
    phone.api.requestSubscribeMessage = (options = {}) => {
      asked.push({ openid, tmplIds: options.tmplIds });
      const res = { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries((options.tmplIds ?? []).map((id) => [id, 'accept'])) };
      setTimeout(() => (options.success?.(res), options.complete?.(res)), 0);
    };
    return phone;
  };

  // ---- A supplier: sign in, see the SKUs with their last counts, report a new count.
  const supplierOpenid = 'o-weapp-supplier-S01';
  const supplier = phoneFor(supplierOpenid);
  const skus = (await store.listSkus({ supplierId: 'S01' })).filter((s) => s.listed);
  const before = new Map((await store.listInventory(skus.map((s) => s.id))).map((r) => [r.skuId, r]));
  const counted = skus.find((s) => (before.get(s.id)?.onHand ?? 0) > 10);
  const newCount = counted ? before.get(counted.id).onHand - 7 : 0;
  await journey([
    ['sign-in page renders', async () => {
      supplier.launch();
      const text = await waitForText(supplier, '输入运营给你的邀请码', ROUTES.login);
      if (!text.includes('货准')) throw new Error(`no brand on the sign-in page: ${text}`);
      return text.slice(0, 120);
    }],
    ['a supplier signs in with an invite code and the app goes on', async () => {
      await signIn(supplier, 'DEMO-S01');
      await waitFor(supplier, 'the report page', () => supplier.page().route === ROUTES.report);
      const user = await store.findUserByOpenid(supplierOpenid);
      if (user?.id !== 'U-S01') throw new Error(`the OPENID is bound to ${user?.id ?? 'nobody'}`);
      return `DEMO-S01 → ${ROUTES.report}; ${supplierOpenid} bound to U-S01`;
    }],
    ['the report page shows the supplier’s SKUs with their last counts', async () => {
      await waitForText(supplier, `共 ${skus.length} 个商品`, ROUTES.report);
      const page = supplier.page();
      // Each SKU's own row (name, spec and its 历史 link) must show that SKU's last count.
      const missing = skus.filter((s) => !blockShowing(page, [s.name, s.spec, '历史 ›'])?.textContent.includes(`上次 ${before.get(s.id)?.onHand} 件`));
      if (missing.length) throw new Error(`not shown with its last count: ${missing.map((s) => s.name).join(', ')}`);
      return `${skus.length} SKUs, e.g. ${counted.name} 上次 ${before.get(counted.id).onHand} 件`;
    }],
    ['a supplier’s count is entered and submitted, and applied', async () => {
      const label = `${counted.name} ${counted.spec} 库存数量`;
      const box = await waitFor(supplier, `the count box "${label}"`, () => inputs(supplier.page()).find((i) => Object.values(i.props).includes(label)));
      type(box.element, newCount);
      // Only what was typed is sent: one of the boxes is filled.
      await waitForText(supplier, `已填 1/${skus.length} 项`, ROUTES.report);
      await tapText(supplier, '提交报数');
      await waitForText(supplier, '已报送', ROUTES.report);
      const after = (await store.listInventory([counted.id]))[0];
      if (after?.onHand !== newCount) throw new Error(`onHand of ${counted.id} is ${after?.onHand}, expected ${newCount}`);
      const consent = asked.filter((a) => a.openid === supplierOpenid).map((a) => a.tmplIds.length);
      return `${counted.id} onHand ${before.get(counted.id).onHand} → ${after.onHand}; receipt shown; consent sheet: ${consent.length ? `${consent.join('+')} templates asked` : 'not asked (no templates for this person)'}`;
    }],
    ['a count box asks for the digit keypad, and tapping a filled one selects its number until the first keystroke', async () => {
      const [start, end, kind] = ['selection-start', 'selection-end', 'type'].map((a) => inputPropKey(dir, a));
      const label = `${counted.name} ${counted.spec} 库存数量`;
      const boxNow = () => inputs(supplier.page()).find((i) => Object.values(i.props).includes(label));
      type(boxNow().element, '88');
      await waitFor(supplier, 'the box showing 88', () => Object.values(boxNow()?.props ?? {}).includes('88'));
      const { element, props } = boxNow();
      if (props[kind] !== 'digit') throw new Error(`the box's type is ${props[kind]}, not digit`);
      focus(element, '88');
      const selected = await waitFor(supplier, `${start}/${end} 0/2 after focus`, () => {
        const p = boxNow().props;
        return p[start] === 0 && p[end] === 2 ? [p[start], p[end]] : null;
      });
      type(element, '9');
      await waitFor(supplier, `${start}/${end} back to -1 after typing`, () => {
        const p = boxNow().props;
        return p[start] === -1 && p[end] === -1;
      });
      return `type ${props[kind]}; on focus selection-start ${selected[0]}, selection-end ${selected[1]} over "88"; both -1 once typed`;
    }],
  ]);

  // ---- A leader on another phone: availability, add to the order, place it.
  const leaderOpenid = 'o-weapp-leader-L01';
  const leader = phoneFor(leaderOpenid);
  let picked = null;
  await journey([
    ['a leader signs in and the availability page shows SKUs with sellable numbers', async () => {
      leader.launch();
      await signIn(leader, 'DEMO-L01');
      await waitForText(leader, '加入订单', ROUTES.availability);
      const page = leader.page();
      const listed = (await store.listSkus()).filter((s) => s.listed);
      const records = new Map((await store.listInventory(listed.map((s) => s.id))).map((r) => [r.skuId, r]));
      // Each SKU for sale has its own card (name, spec and its 加入订单) showing its sellable
      // number; the sold-out ones are folded at the end and counted.
      const inStock = listed.filter((s) => (records.get(s.id)?.sellable ?? 0) > 0);
      const wrong = inStock.filter((s) => !showsLabelled(blockShowing(page, [s.name, s.spec, '加入订单']), String(records.get(s.id).sellable), '可售'));
      if (wrong.length) throw new Error(`not shown with its sellable number: ${wrong.map((s) => `${s.name} (${records.get(s.id).sellable})`).join(', ')}`);
      const soldOut = listed.filter((s) => records.has(s.id) && records.get(s.id).sellable === 0).length;
      if (soldOut > 0) await waitForText(leader, `暂时没货的商品（${soldOut}）`, ROUTES.availability);
      picked = listed.find((s) => (records.get(s.id)?.sellable ?? 0) > 0);
      const fresh = counted && records.get(counted.id);
      return `${records.size} SKUs with sellable shown${fresh ? `; ${counted.name} now ${fresh.sellable} sellable after the report` : ''}`;
    }],
    ['a leader adds a SKU and places the order on the order page', async () => {
      const card = await waitFor(leader, `the card of ${picked.name}`, () => blockShowing(leader.page(), [picked.name, picked.spec, '加入订单']));
      tap(findAll(leader.page(), '加入订单').find((el) => card.contains(el)));
      await waitForText(leader, '已选 1 件', ROUTES.availability);
      await tapText(leader, /^去下单/);
      await waitForText(leader, '提交订单', ROUTES.order);
      if (!textOf(leader.page()).includes(picked.name)) throw new Error(`${picked.name} is not on the order page`);
      await tapText(leader, '提交订单');
      await waitForText(leader, '下单成功', ROUTES.order);
      const lines = await store.listOrderLines({ leaderId: 'U-L01' });
      const line = lines.find((l) => l.skuId === picked.id && l.status === 'placed');
      if (!line || line.qty !== 1) throw new Error(`no placed line of 1 × ${picked.id}: ${JSON.stringify(lines)}`);
      return `order ${line.orderId}: 1 × ${picked.id} placed`;
    }],
  ]);

  // ---- An operator: the operator subpackage opens and renders its data.
  const operator = phoneFor('o-weapp-operator');
  await journey([
    ['an operator signs in and the operator home (subpackage) renders', async () => {
      operator.launch();
      await signIn(operator, 'DEMO-OP');
      const suppliers = await store.listSuppliers();
      await waitForText(operator, `${suppliers.length}供应商`, ROUTES.operatorHome);
      return `${ROUTES.operatorHome}: ${textOf(operator.page()).slice(0, 80)}`;
    }],
    ['the operator opens the supplier list and sees every supplier', async () => {
      const link = await waitFor(operator, 'the 供应商 link', () => blockShowing(operator.page(), ['供应商', '对接方式']));
      tap(findAll(operator.page(), '供应商').find((el) => link.contains(el)));
      const suppliers = await store.listSuppliers();
      for (const s of suppliers) await waitForText(operator, s.name, ROUTES.suppliers);
      return `${suppliers.map((s) => s.name).join('、')}`;
    }],
  ]);

  record('the app logged no errors', appErrors.length === 0, appErrors.length ? appErrors.slice(0, 5).join(' | ') : 'none');
  const navFailures = [supplier, leader, operator].flatMap((p) => p.errors);
  record('every page change succeeded', navFailures.length === 0, navFailures.join('; ') || 'none');
  const after = existsSync(DIST) ? buildHash(DIST) : null;
  record('the build did not change while rendering', after === hash, after === hash ? hash : `now ${after ?? 'missing'}`);

  console.error = originalError;
  const passed = checks.every((c) => c.ok);
  if (passed) {
    mkdirSync(path.dirname(RESULT), { recursive: true });
    writeFileSync(RESULT, `${JSON.stringify({ buildHash: hash, passedAt: Date.now(), renderMs: Date.now() - started, checks }, null, 2)}\n`);
  }
  finish();
}

setTimeout(() => {
  record('finished in time', false, `still running after ${DEADLINE_MS / 1000} s`);
  finish();
}, DEADLINE_MS).unref();

main().catch((err) => {
  record('render run', false, err?.stack ?? err);
  finish();
});
