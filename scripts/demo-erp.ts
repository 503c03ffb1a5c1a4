// A small supplier system for the demo's API supplier (鲜丰冷链仓, S01), so a newcomer sees
// the API level live: it keeps its own stock, pushes each change to the partner API
// signed with the demo key, serves its stock for the product's tiered pull, and takes
// the waves forwarded at cutoff, confirming each in full a moment later.
// Run beside `npm start`: npm run demo:erp (HZ_BASE, DEMO_ERP_PORT, DEMO_ERP_EVERY_MS to change).
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { DEMO_OPENING_COUNTS } from '../cloudfunctions/src/server/demo-data';
import { DEMO_PARTNER_KEY } from '../cloudfunctions/src/server/demo-key';
import { sign, signedHeaders } from '../cloudfunctions/src/open/signature';

export interface DemoErp {
  url: string;
  stock: Map<string, number>;
  /** One change pushed (a sale elsewhere or a delivery), as the timer does. */
  tick(): Promise<string>;
  received: string[];
  stop(): Promise<void>;
}

interface Options {
  base: string;
  port?: number;
  /** How often a change is pushed; 0 for none (tests tick by hand). */
  everyMs?: number;
  /** How long after a wave arrives it is confirmed. */
  confirmAfterMs?: number;
  log?: (line: string) => void;
}

const KEY = DEMO_PARTNER_KEY;

async function partner(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const res = await fetch(`${base}/api/open/v1${path}`, { method, headers: signedHeaders(KEY.id, KEY.secret, raw, Date.now()), ...(method === 'POST' ? { body: raw } : {}) });
  return { status: res.status, json: await res.json() };
}

/** Point the demo supplier at this system: pulls from it, waves to it (as the demo operator would set it). */
async function register(base: string, url: string): Promise<void> {
  const signIn = await fetch(`${base}/api/account`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'signIn', payload: { inviteCode: 'DEMO-OP' } }) });
  const token = ((await signIn.json()) as { data?: { token: string } }).data?.token;
  if (!token) throw new Error('无法以演示运营登录：货准是否以演示模式运行（npm start）？');
  const call = async (action: string, payload: unknown) => (await (await fetch(`${base}/api/operator`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ action, payload }),
  })).json()) as { ok: boolean; data?: any; error?: { message: string } };
  const listed = await call('listSuppliers', {});
  const supplier = listed.data?.find((s: { id: string }) => s.id === KEY.supplierId);
  if (!supplier) throw new Error('演示数据里没有供应商 S01');
  const { skuCount: _c, lastReportedAt: _l, heldCount: _h, overAgeCount: _o, pullHealth: _p, ...own } = supplier;
  const saved = await call('saveSupplier', { supplier: { ...own, pull: { system: 'json', url: `${url}/stock`, items: 'list', code: 'sku', quantity: 'qty' }, webhook: { url: `${url}/waves` } }, create: false });
  if (!saved.ok) throw new Error(`登记对接地址失败：${saved.error?.message}`);
}

export async function startDemoErp(options: Options): Promise<DemoErp> {
  const { base, everyMs = 20_000, confirmAfterMs = 5_000, log = console.log } = options;
  const stock = new Map((DEMO_OPENING_COUNTS[KEY.supplierId] ?? []).map((c) => [c.skuId, c.onHand]));
  const received: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/stock') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ list: [...stock].map(([sku, qty]) => ({ sku, qty })) }));
        return;
      }
      if (req.method === 'POST' && req.url === '/waves') return void takeWave(req.headers as Record<string, string>, body, res);
      res.writeHead(404).end();
    });
  });

  function takeWave(h: Record<string, string>, body: string, res: import('node:http').ServerResponse): void {
    if (h['x-hz-signature'] !== sign(KEY.secret, h['x-hz-timestamp'] ?? '', h['x-hz-nonce'] ?? '', body)) {
      res.writeHead(401).end();
      return;
    }
    const wave = JSON.parse(body) as { waveId: string; lines: Array<{ lineId: string; skuId: string; quantity: number }> };
    res.writeHead(200).end();
    if (received.includes(h['x-hz-event'] ?? '')) return; // a redelivery: already taken
    received.push(h['x-hz-event'] ?? wave.waveId);
    log(`收到波次 ${wave.waveId}：${wave.lines.length} 行，${confirmAfterMs / 1000} 秒后确认全部可发`);
    const t = setTimeout(async () => {
      timers.delete(t);
      const answered = await partner(base, 'POST', `/waves/${encodeURIComponent(wave.waveId)}/confirm`, { lines: wave.lines.map((l) => ({ lineId: l.lineId, shippable: l.quantity })) });
      for (const l of wave.lines) stock.set(l.skuId, Math.max(0, (stock.get(l.skuId) ?? 0) - l.quantity));
      log(`确认波次 ${wave.waveId}：${answered.json.ok ? '成功' : answered.json.error?.message}`);
    }, confirmAfterMs);
    timers.add(t);
  }

  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await register(base, url);

  /** A sale in another channel (a few units) or, now and then, a delivery: pushed as a delta. */
  async function tick(): Promise<string> {
    const skus = [...stock.keys()];
    const skuId = skus[randomBytes(1)[0]! % skus.length]!;
    const have = stock.get(skuId)!;
    const delivery = have < 10 || randomBytes(1)[0]! < 40;
    const qty = delivery ? 10 + (randomBytes(1)[0]! % 20) : Math.min(have, 1 + (randomBytes(1)[0]! % 3));
    const op = delivery ? 'add' : 'sub';
    stock.set(skuId, delivery ? have + qty : have - qty);
    const pushed = await partner(base, 'POST', '/stock', { requestId: `demo-erp-${Date.now()}-${randomBytes(4).toString('hex')}`, mode: 'delta', items: [{ code: skuId, quantity: qty, op }] });
    const said = `${delivery ? '入库' : '其他渠道售出'} ${skuId} ${qty} 件 → ${pushed.json.ok ? pushed.json.data.status : pushed.json.error?.message}`;
    log(said);
    return said;
  }
  const every = everyMs > 0 ? setInterval(() => void tick().catch((e) => log(`推送失败：${(e as Error).message}`)), everyMs) : undefined;
  log(`演示供应商系统已启动：${url}（库存 ${url}/stock，波次接收 ${url}/waves），密钥 ${KEY.id}`);
  return {
    url, stock, tick, received,
    stop: async () => {
      if (every) clearInterval(every);
      for (const t of timers) clearTimeout(t);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

if (require.main === module) {
  const base = process.env.HZ_BASE ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
  startDemoErp({ base, port: Number(process.env.DEMO_ERP_PORT ?? 8090), everyMs: Number(process.env.DEMO_ERP_EVERY_MS ?? 20_000) }).catch((err) => {
    console.error(`演示供应商系统没有启动：${(err as Error).message}`);
    process.exit(1);
  });
}
