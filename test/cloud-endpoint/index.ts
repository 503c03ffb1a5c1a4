// A local stand-in for the WeChat cloud (CloudBase) database service, speaking the
// wire protocol of wx-server-sdk 4.0.2 (@cloudbase/node-sdk 3.17 → @cloudbase/database
// 1.4): signed JSON POSTs to /admin with an `action`, answers at HTTP 200 with either
// `data` or `{code, message}`. It also answers the open API calls `cloud.openapi.*`
// makes (multipart POSTs with action wx.openApi), modelling subscribeMessage.send
// (openapi.ts). It can also fail and wait like the real service: latency, injected
// failures and lock waits (faults.ts). See README.md for what it does not model.
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode, parse } from './ejson';
import { type CallInfo, type FailRule, Faults, type LoggedCall } from './faults';
import { SubscribeService, handleOpenApi, parseMultipart } from './openapi';
import {
  type Doc, DocStore, ServiceError, type View, aggregateDocs, countDocs, findDocs, insertDocs, removeDocs, updateDocs,
} from './store';

export { CONFLICT, TRANSACTION_TTL_MS } from './store';
export { type CallInfo, DEFAULT_FAULT_CODE, type FailRule, type LoggedCall, faultMessage } from './faults';
export { SYSTEM_BUSY, type SendAttempt, type SentMessage, SubscribeService, type WxReply, checkDataValue } from './openapi';

export interface CloudEndpoint {
  /** What the SDK posts to: `http://127.0.0.1:<port>/admin`. */
  url: string;
  port: number;
  /** Requests answered so far, by action (for tests that count round trips). */
  calls: Map<string, number>;
  /** WeChat behind `cloud.openapi.subscribeMessage.send`: users, templates, consents, injected failures, what was sent. */
  subscribe: SubscribeService;
  /** Answer every database request `ms` later (0: off); the delay comes before it runs, and does not block other requests. */
  latency(ms: number): void;
  /** Fail the rule's nth matching database request, counted from now: unrun (`before`) or run with its answer lost (`after`). */
  failCall(rule: FailRule): void;
  /** Every database request in arrival order, with how an injected failure answered it. */
  readonly callLog: LoggedCall[];
  /** Writes outside a transaction that waited for an open transaction's lock. */
  readonly lockWaits: number;
  /** How long transactions started from now live (default 30,000 ms). */
  transactionTtl(ms: number): void;
  /**
   * Drop every document and open transaction, the subscription state (users,
   * templates, consents, failures, sends) and every fault setting (latency, rules, log,
   * lock-wait count, transaction limit); created collections stay unless `dropCollections`.
   */
  reset(options?: { dropCollections?: boolean }): void;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;

const criteria = (text: unknown): Record<string, unknown> => (typeof text === 'string' && text ? parse(text) as Record<string, unknown> : {});

/** getDocument and aggregateDocuments answer one canonical EJSON text per document. */
const docText = (d: Doc): string => JSON.stringify(encode(d));

const WRITES = new Set(['database.modifyDocument', 'database.insertDocument', 'database.removeDocument']);

const transactionIdOf = (body: Body): string | undefined =>
  (typeof body.transactionId === 'string' && body.transactionId ? body.transactionId : undefined);

function handle(store: DocStore, body: Body): Body {
  const action = String(body.action);
  switch (action) {
    case 'database.startTransaction':
      return { transactionId: store.start() };
    case 'database.commitTransaction':
      store.commit(body.transactionId);
      return {};
    case 'database.abortTransaction':
      store.abort(body.transactionId);
      return {};
    case 'database.addCollection':
      store.addCollection(String(body.collectionName));
      return {};
  }
  const txId = transactionIdOf(body);
  const view: View = txId ? store.transaction(txId) : store.committed;
  try {
    return documentCall(store, view, body);
  } catch (e) {
    if (txId) store.drop(txId);
    throw e;
  }
}

/** One document request against a view: committed data, a transaction, or a lock probe. */
function documentCall(store: DocStore, view: View, body: Body): Body {
  const action = String(body.action);
  const coll = store.requireCollection(body.collectionName);
  const query = criteria(body.query);
  switch (action) {
    case 'database.getDocument': {
      const list = findDocs(view, coll, query, {
        order: criteria(body.order) as Record<string, 1 | -1>,
        projection: criteria(body.projection),
        offset: Number(body.offset ?? 0),
        limit: Number(body.limit ?? 0),
      });
      return { data: { list: list.map(docText) } };
    }
    case 'database.calculateDocument':
      return { data: { total: countDocs(view, coll, query) } };
    case 'database.modifyDocument':
      return {
        data: updateDocs(view, coll, {
          query, data: parse(String(body.data)) as Doc, multi: body.multi === true, merge: body.merge !== false, upsert: body.upsert === true,
        }),
      };
    case 'database.insertDocument':
      return { data: { insertedIds: insertDocs(view, coll, (body.data as string[]).map((text) => parse(text) as Doc)) } };
    case 'database.removeDocument':
      return { data: { deleted: removeDocs(view, coll, query, body.multi === true) } };
    case 'database.aggregateDocuments': {
      const stages = body.stages as Array<{ stageKey: string; stageValue: string }>;
      const list = aggregateDocs(view, coll, stages.map((s) => ({ [s.stageKey]: parse(s.stageValue) })));
      return { data: { list: list.map(docText) } };
    }
    default:
      throw new ServiceError('INVALID_PARAM', `unsupported action ${action}`);
  }
}

/** A request's answer, errors included, as the body the service sends. */
function run(store: DocStore, body: Body): Body {
  try {
    return handle(store, body);
  } catch (e) {
    if (e instanceof ServiceError) return { code: e.code, message: e.message };
    return { code: 'DATABASE_REQUEST_FAILED', message: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * MongoDB makes a write outside any transaction wait for the lock of an open
 * transaction that wrote the same document. A dry run on committed data tells which
 * documents this write would touch; after their holders end, the dry run is repeated,
 * as the write is then evaluated against the data as it is by then.
 */
async function waitForLocks(store: DocStore, body: Body, onWait: () => void): Promise<void> {
  let waited = false;
  while (store.hasLocks()) {
    const probe = store.probe();
    try {
      documentCall(store, probe, body);
    } catch {
      // The real run answers the error.
    }
    const holders = store.holders(probe.touched);
    if (holders.length === 0) return;
    if (!waited) onWait(); // counted when the wait starts, so a test can see a write held
    waited = true;
    await Promise.all(holders.map((tx) => tx.ended));
  }
}

/** A database request: logged, maybe failed, delayed, held for locks, then run (atomically, in one tick). */
async function serveDatabase(store: DocStore, faults: Faults, body: Body): Promise<Body> {
  const action = String(body.action);
  const txId = transactionIdOf(body);
  const call: CallInfo = { action };
  if (typeof body.collectionName === 'string') call.collection = body.collectionName;
  if (txId) call.transactionId = txId;
  const failure = faults.arrive(call);
  await faults.delay();
  const error = failure && { code: failure.code, message: failure.message };
  if (failure?.mode === 'before') {
    if (txId) store.drop(txId); // an error inside a transaction aborts it
    return error!;
  }
  if (!txId && WRITES.has(action)) await waitForLocks(store, body, () => faults.lockWaits++);
  const answer = run(store, body);
  if (failure?.mode === 'after') {
    // The service aborts a transaction whose request timed out; one started in a lost answer is unreachable anyway.
    if (txId) store.drop(txId);
    if (typeof answer.transactionId === 'string') store.drop(answer.transactionId);
    return error!;
  }
  return answer;
}

function reply(res: ServerResponse, body: Body): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ requestId: randomBytes(8).toString('hex'), ...body }));
}

/** Open API answers are a protobuf envelope; the SDK reads any body not labelled JSON as one. */
function replyRaw(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  res.end(body);
}

export async function startCloudEndpoint(): Promise<CloudEndpoint> {
  const store = new DocStore();
  const faults = new Faults();
  let closed = false;
  const subscribe = new SubscribeService();
  const calls = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const form = parseMultipart(req.headers['content-type'], raw);
      if (form) {
        const action = form.get('action')?.toString('utf8') ?? '';
        const key = action === 'wx.openApi' ? `${action}:${form.get('apiName')?.toString('utf8') ?? ''}` : action;
        calls.set(key, (calls.get(key) ?? 0) + 1);
        try {
          if (action !== 'wx.openApi') throw new ServiceError('INVALID_PARAM', `unsupported action ${action}`);
          replyRaw(res, handleOpenApi(subscribe, form));
        } catch (e) {
          reply(res, e instanceof ServiceError ? { code: e.code, message: e.message } : { code: 'SYS_ERR', message: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
      let body: Body;
      try {
        body = JSON.parse(raw.toString('utf8')) as Body;
      } catch {
        reply(res, { code: 'INVALID_PARAM', message: 'body is not JSON' });
        return;
      }
      calls.set(String(body.action), (calls.get(String(body.action)) ?? 0) + 1);
      if (!String(body.action).startsWith('database.')) {
        reply(res, run(store, body));
        return;
      }
      // Requests still waiting (latency, locks) when the endpoint closes go unanswered.
      serveDatabase(store, faults, body).then(
        (answer) => { if (!closed) reply(res, answer); },
        (e: unknown) => { if (!closed) reply(res, { code: 'SYS_ERR', message: e instanceof Error ? e.message : String(e) }); },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/admin`,
    port,
    calls,
    subscribe,
    latency: (ms) => {
      faults.latencyMs = Math.max(0, ms);
    },
    failCall: (rule) => faults.add(rule),
    callLog: faults.callLog,
    get lockWaits() {
      return faults.lockWaits;
    },
    transactionTtl: (ms) => {
      store.ttlMs = ms;
    },
    reset: (options) => {
      store.reset(options?.dropCollections);
      subscribe.reset();
      faults.reset();
      calls.clear();
    },
    close: async () => {
      closed = true;
      faults.close();
      // The SDK keeps connections alive; close them or close() waits for their timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}

/**
 * The environment that points wx-server-sdk at `url` without code changes.
 * TENCENTCLOUD=true stops the SDK from probing a metadata host before every call;
 * the secret pair only has to exist (the endpoint does not check signatures).
 */
export function sdkEnvironment(url: string, env = 'huozhun-local'): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
    TCB_ENV: env,
    TENCENTCLOUD: 'true',
    TENCENTCLOUD_SECRETID: 'local-secret-id',
    TENCENTCLOUD_SECRETKEY: 'local-secret-key',
    // The SDK warns about any database call slower than 3 s; keep test output quiet.
    SILENCE: 'true',
  };
}

/** Apply sdkEnvironment to process.env; returns a function that restores the previous values. */
export function pointSdkAt(url: string, env?: string): () => void {
  const vars = sdkEnvironment(url, env);
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
