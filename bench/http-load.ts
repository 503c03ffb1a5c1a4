// bench/http-load: one autocannon run in its own process, so the load generator shares
// neither the server's event loop nor the health probe's (bench/http.ts spawns it).
// Reads its orders as JSON in argv[2]; prints the autocannon result (and the refusals
// seen, by status and code) as one JSON line on stdout.
import { readFileSync } from 'node:fs';

export interface LoadOrder {
  url: string; connections: number; seconds: number; timeoutS: number;
  route: 'health' | 'availability' | 'placeOrder';
  /** A file of session tokens, one a line (the leaders take turns). */
  tokensFile?: string;
  hotSkuId?: string;
}

interface CannonRequest {
  method: 'GET' | 'POST'; path: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>;
  onResponse?: (status: number, body: string) => void;
}
type Cannon = (options: { url: string; connections: number; duration: number; timeout: number; requests: CannonRequest[] }) => Promise<unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Cannon;

async function main(): Promise<void> {
  const order = JSON.parse(process.argv[2] ?? '{}') as LoadOrder;
  const tokens = order.tokensFile ? readFileSync(order.tokensFile, 'utf8').split('\n').filter(Boolean) : [];
  let turn = 0;
  const asLeader = (body: () => unknown): CannonRequest['setupRequest'] => (req) => ({
    ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[turn++ % tokens.length]}` }, body: JSON.stringify(body()),
  });
  // Keys unique across runs of this process: the pid keeps two runs apart.
  let key = 0;
  const refusals: Record<string, number> = {};
  const noteRefusal = (status: number, body: string) => {
    if (status < 300) return;
    let code = body.slice(0, 60);
    try { code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? code; } catch { /* not JSON: keep the text */ }
    const name = `${status} ${code}`;
    refusals[name] = (refusals[name] ?? 0) + 1;
  };
  const requests: Record<LoadOrder['route'], CannonRequest> = {
    health: { method: 'GET', path: '/api/health' },
    availability: { method: 'POST', path: '/api/leader', setupRequest: asLeader(() => ({ action: 'availability', payload: {} })) },
    placeOrder: {
      method: 'POST', path: '/api/leader', onResponse: noteRefusal,
      setupRequest: asLeader(() => ({ action: 'placeOrder', payload: { idempotencyKey: `bench-${process.pid}-${String(key++).padStart(8, '0')}`, lines: [{ skuId: order.hotSkuId, qty: 1 }] } })),
    },
  };
  const result = await autocannon({ url: order.url, connections: order.connections, duration: order.seconds, timeout: order.timeoutS, requests: [requests[order.route]] });
  process.stdout.write(`${JSON.stringify({ result, refusals })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
