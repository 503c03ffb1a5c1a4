// Fetching a supplier's stock from its own system: every page of a JSON endpoint (by the
// operator's field mapping), a 聚水潭-style paged query, or a CSV/XLSX file through the
// same sheet reader as an upload. Each call has a timeout; what fails is said in Chinese
// for the supplier's health line, never thrown past here.
import { type PullSource, type PulledPage, readPage } from '../domain/pull';
import type { RawStockRow } from '../domain/stock-import';
import { readStockSheet } from '../import/stock-sheet';
import type { ReportBasis } from '../domain/model';

export const PULL_TIMEOUT_MS = 8_000;
/** Pages read in one pull at most: a larger catalogue is an endpoint to fix, not to walk. */
export const PULL_MAX_PAGES = 50;
const JST_PAGE_SIZE = 100;

export type Fetched = { ok: true; items: Array<{ code: string; quantity: number }> } | { ok: true; rows: RawStockRow[] } | { ok: false; message: string };

async function request(http: typeof fetch, url: string, timeoutMs: number, init: RequestInit = {}): Promise<{ ok: true; res: Response } | { ok: false; message: string }> {
  try {
    const res = await http(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, message: `对方系统返回 HTTP ${res.status}` };
    return { ok: true, res };
  } catch (err) {
    const name = (err as { name?: string }).name;
    return { ok: false, message: name === 'TimeoutError' ? `对方系统 ${timeoutMs / 1000} 秒内没有响应` : `连接不上对方系统（${(err as Error).message}）` };
  }
}

async function jsonPage(http: typeof fetch, source: Exclude<PullSource, { system: 'sheet' }>, page: number, cursor: string | undefined, timeoutMs: number): Promise<PulledPage | string> {
  const got = source.system === 'jushuitan'
    ? await request(http, source.url, timeoutMs, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page_index: page, page_size: source.pageSize ?? JST_PAGE_SIZE }) })
    : await request(http, cursor === undefined ? source.url : withQuery(source.url, source.cursorParam ?? 'cursor', cursor), timeoutMs);
  if (!got.ok) return got.message;
  let body: unknown;
  try {
    body = await got.res.json();
  } catch {
    return '对方系统返回的不是 JSON';
  }
  return readPage(source, body);
}

const withQuery = (url: string, name: string, value: string): string => {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
};

export async function fetchStock(source: PullSource, basis: ReportBasis, timeoutMs = PULL_TIMEOUT_MS, http: typeof fetch = fetch): Promise<Fetched> {
  if (source.system === 'sheet') return fetchSheet(http, source.url, basis, timeoutMs);
  const items: Array<{ code: string; quantity: number }> = [];
  let cursor: string | undefined;
  for (let page = 1; page <= PULL_MAX_PAGES; page++) {
    const read = await jsonPage(http, source, page, cursor, timeoutMs);
    if (typeof read === 'string') return { ok: false, message: page > 1 ? `第 ${page} 页：${read}` : read };
    items.push(...read.items);
    if (read.next === undefined) return { ok: true, items };
    cursor = read.next === true ? undefined : read.next;
  }
  return { ok: false, message: `超过 ${PULL_MAX_PAGES} 页仍未读完，请对方系统加大每页条数` };
}

async function fetchSheet(http: typeof fetch, url: string, basis: ReportBasis, timeoutMs: number): Promise<Fetched> {
  const got = await request(http, url, timeoutMs);
  if (!got.ok) return got;
  const bytes = new Uint8Array(await got.res.arrayBuffer());
  const name = new URL(url).pathname.split('/').pop() || 'stock.csv';
  const sheet = await readStockSheet(bytes, /\.(csv|xlsx)$/i.test(name) ? name : `${name}.csv`, { basis });
  return sheet.ok ? { ok: true, rows: sheet.data.rows } : { ok: false, message: sheet.error.message };
}
