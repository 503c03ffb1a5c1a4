// The real function handlers on an in-memory SQLite store seeded with the demo world,
// answering what `wx.cloud.callFunction` would: `{ result, errMsg }`, one OPENID per phone.
const path = require('node:path');
const tsx = require('tsx/cjs/api');

const SRC = path.resolve(__dirname, '../../cloudfunctions/src');
// Scoped to these imports: the built weapp still loads through Node's plain require.
const load = (file) => tsx.require(path.join(SRC, file), __filename);

/** 2026-11-26 10:00 in Shanghai, a Thursday morning: the demo's counts are from 20:00 the evening before. */
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);

/** JSON in and out, as on the wire: the phone never shares live objects with the functions. */
const wire = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

async function startBackend() {
  const { dispatch } = load('handlers/registry.ts');
  const { seedDemo } = load('server/seed.ts');
  const { SqliteStore } = load('storage/sqlite/sqlite-store.ts');
  const { ManualClock } = load('runtime/clock.ts');
  const { newId } = load('runtime/ids.ts');

  const uploads = new Map();
  const files = { read: async (fileId) => uploads.get(fileId) ?? null };
  const deps = { store: new SqliteStore({ filename: ':memory:' }), files, notifier: {}, clock: new ManualClock(NOW), newId, runtime: 'wechat', demo: false };
  await seedDemo(deps);

  const calls = [];
  /** `wx.cloud` for one phone: WeChat attaches that phone's OPENID to every call. */
  function cloudFor(openid) {
    const callFunction = async ({ name, data }) => {
      const body = wire(data ?? {});
      calls.push({ openid, name, action: body.action });
      const result = await dispatch(name, body, { kind: 'openid', openid }, deps);
      return { result: wire(result), errMsg: 'cloud.callFunction:ok', requestID: `req-${calls.length}` };
    };
    return {
      DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
      // The app passes its env (a build constant or DYNAMIC_CURRENT_ENV): any is fine here.
      init: () => undefined,
      callFunction(options = {}) {
        const answer = callFunction(options).then(
          (res) => (options.success?.(res), options.complete?.(res), res),
          (err) => {
            const res = { errMsg: `cloud.callFunction:fail ${err?.message ?? err}` };
            options.fail?.(res);
            options.complete?.(res);
            throw err;
          },
        );
        if (options.success || options.fail) answer.catch(() => undefined);
        return answer;
      },
    };
  }

  return { deps, calls, cloudFor, close: () => deps.store.close?.() };
}

module.exports = { startBackend, NOW };
