// `npm start`: the self-hosted server on the embedded SQLite database.
import { httpsChannels } from '../storefront/channels-api';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ManualClock, systemClock } from '../runtime/clock';
import { newId } from '../runtime/ids';
import { postWecomText } from '../notify/notifier';
import { DiskFiles } from '../storage/files';
import { SqliteStore } from '../storage/sqlite/sqlite-store';
import type { Deps } from '../handlers/action';
import { runDueJobs, startTimers } from '../jobs/schedule';
import { buildServer } from './app';
import { registerTestClock } from './test-clock';
import { seedDemo } from './seed';
import { ensureDemoKey, retireDemoKey } from './demo-key';
import { BOOTSTRAP_MIN_LENGTH } from '../handlers/bootstrap';
import { logPeople } from '../handlers/people-log';
import { DEFAULT_SESSION_POLICY, type SessionPolicy, isActiveOperator } from '../domain/access';
import { DAY_MS } from '../domain/report';

const env = process.env;
const dataDir = resolve(env.HUOZHUN_DATA_DIR ?? 'data');
const port = Number(env.PORT ?? 8080);
const demo = env.HUOZHUN_DEMO !== '0';
// The demo hands out its people's codes on the sign-in page: this machine only, unless told.
const host = env.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0');

/** Days from the environment, or the default; anything but a positive number stops the start, named. */
function daysSetting(name: string, fallbackMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackMs;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0) {
    console.error(`${name} 应为正数（天），现在是 "${raw}"`);
    process.exit(1);
  }
  return days * DAY_MS;
}

async function main(): Promise<void> {
  const sessionPolicy: SessionPolicy = {
    idleMs: daysSetting('HUOZHUN_SESSION_IDLE_DAYS', DEFAULT_SESSION_POLICY.idleMs),
    maxAgeMs: daysSetting('HUOZHUN_SESSION_MAX_DAYS', DEFAULT_SESSION_POLICY.maxAgeMs),
  };
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteStore({ filename: join(dataDir, 'huozhun.db') });
  const files = new DiskFiles(join(dataDir, 'uploads'));
  // Browser tests drive time; a real server always runs on the system clock and its timers.
  const testClock = env.HUOZHUN_TEST_CLOCK === '1' ? new ManualClock(Number(env.HUOZHUN_TEST_START ?? Date.now())) : undefined;
  const deps: Deps = {
    store, files, notifier: { wecom: postWecomText }, clock: testClock ?? systemClock, newId, runtime: 'selfhosted', demo, sessionPolicy,
    ...(env.HUOZHUN_BOOTSTRAP_CODE ? { bootstrapCode: env.HUOZHUN_BOOTSTRAP_CODE } : {}),
    // 微信小店 stock push (issue 18): the shop's appid and secret; the base URL only for a stand-in.
    ...(env.HUOZHUN_SHOP_APPID && env.HUOZHUN_SHOP_SECRET
      ? { channels: httpsChannels({ appid: env.HUOZHUN_SHOP_APPID, secret: env.HUOZHUN_SHOP_SECRET, ...(env.HUOZHUN_SHOP_API_URL ? { baseUrl: env.HUOZHUN_SHOP_API_URL } : {}) }) }
      : {}),
  };
  if (demo && (await seedDemo(deps))) console.log('已写入演示数据（3 个供应商、30 个商品、3 位团长、1 位运营）');
  if (!demo && !(await leaveTheDemo(deps, env.HUOZHUN_REMOVE_DEMO === '1'))) {
    await store.close();
    process.exit(1);
  }
  // Whatever the people: the demo's partner key is public, so real use never accepts it.
  if (!demo && (await retireDemoKey(deps))) console.log('已停用演示供应商接口密钥 demo-s01。');
  const demoKey = demo ? await ensureDemoKey(deps) : null;
  // What fell due while no server ran (a start after 08:00, a restart) is caught up before
  // anyone is served: a supplier who missed the morning report is named now, not never.
  await runDueJobs(deps);
  const stopTimers = testClock ? () => undefined : startTimers(deps);
  const reportsDir = join(dataDir, 'simulation');
  mkdirSync(reportsDir, { recursive: true });
  const app = await buildServer({ deps, uploads: files, reportsDir, staticDir: resolve(__dirname, '../../../miniprogram/dist/h5') });
  if (testClock) registerTestClock(app, deps, testClock);
  await app.listen({ port, host });
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  console.log(`货准已启动：http://${shown}:${port}/  数据目录：${dataDir}`);
  if (demo) console.log(env.HOST ? `演示模式：登录页列出演示人员，已按 HOST=${host} 对外开放` : '演示模式：只有本机可以访问（登录页列出演示人员）；对外开放请设置 HOST，正式使用请设置 HUOZHUN_DEMO=0');
  if (demoKey) console.log(`演示供应商接口：http://${shown}:${port}/api/open/v1/docs  密钥 ID ${demoKey.id}  密钥 ${demoKey.secret}（供应商 鲜丰冷链仓）`);
  await sayHowTheFirstOperatorGetsIn(deps);

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    console.log(`收到 ${signal}，正在关闭…`);
    stopTimers();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * Real use on a data directory that held the demo: its people (whose codes anyone who saw
 * the demo knows) must not sign in. Refuse to start, unless told to remove them: they are
 * disabled, their sessions end, and the log says so; what they did stays.
 */
async function leaveTheDemo(deps: Deps, remove: boolean): Promise<boolean> {
  const demoPeople = (await deps.store.listUsers()).filter((u) => u.demo && !u.disabled);
  if (demoPeople.length === 0) return true;
  if (!remove) {
    console.error(`数据目录里还有 ${demoPeople.length} 位演示人员（他们的邀请码是公开的）。正式使用前请移除：HUOZHUN_DEMO=0 HUOZHUN_REMOVE_DEMO=1 npm run serve（演示人员会被停用并退出登录，记录保留），或换一个新的 HUOZHUN_DATA_DIR。`);
    return false;
  }
  for (const u of demoPeople) {
    await deps.store.upsertUsers([{ ...u, disabled: true }]);
    await deps.store.deleteSessions(u.id);
    await logPeople(deps, u.id, 'system', 'disabled', '正式使用：移除演示人员');
  }
  console.log(`已停用 ${demoPeople.length} 位演示人员。`);
  return true;
}

/** A fresh installation without demo data has nobody to invite anyone: say how to begin. */
async function sayHowTheFirstOperatorGetsIn(deps: Deps): Promise<void> {
  if ((await deps.store.listUsers()).some(isActiveOperator)) return;
  const code = deps.bootstrapCode?.trim() ?? '';
  if (code.length >= BOOTSTRAP_MIN_LENGTH) console.log('还没有运营账号：在登录页输入 HUOZHUN_BOOTSTRAP_CODE 的值，第一位输入的人成为运营（之后此码失效）。');
  else console.log(`还没有运营账号：设置 HUOZHUN_BOOTSTRAP_CODE（至少 ${BOOTSTRAP_MIN_LENGTH} 位，自己定）后重启，再在登录页输入它。`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
