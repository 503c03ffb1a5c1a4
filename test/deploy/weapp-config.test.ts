// The Taro config decides which cloud environment the mini-program calls (WeChat documents
// DYNAMIC_CURRENT_ENV for functions only): HUOZHUN_CLOUD_ENV becomes a build constant, and a
// release weapp build without it is refused with a message that says what to set. Called
// here as Taro calls it; test/build/weapp.test.ts checks the same through the real CLI.
import config from '../../miniprogram/config';

type ConfigFn = (merge: (...parts: object[]) => object, env: { mode: string; command: string }) => Promise<{ defineConstants?: Record<string, string> }>;
const taroConfig = config as unknown as ConfigFn;
const merge = (...parts: object[]): object => Object.assign({}, ...parts);

const KEYS = ['TARO_ENV', 'HUOZHUN_RELEASE', 'HUOZHUN_CLOUD_ENV'] as const;
// Taro's typings narrow TARO_ENV to its platforms: the environment is written as a plain record here.
const vars = process.env as Record<string, string | undefined>;
const saved = Object.fromEntries(KEYS.map((k) => [k, vars[k]]));
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete vars[k];
    else vars[k] = saved[k];
  }
});

/** The config Taro gets for a production build with these variables (unset: absent). */
async function configWith(set: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) {
    if (set[k] === undefined) delete vars[k];
    else vars[k] = set[k];
  }
  return taroConfig(merge, { mode: 'production', command: 'build' });
}

it('a release weapp build without HUOZHUN_CLOUD_ENV is refused, naming the variable and where to find the id', async () => {
  await expect(configWith({ TARO_ENV: 'weapp', HUOZHUN_RELEASE: '1' })).rejects.toThrow(/发布版小程序需要设置 HUOZHUN_CLOUD_ENV（云开发环境 ID/);
  // Blank is as good as unset.
  await expect(configWith({ TARO_ENV: 'weapp', HUOZHUN_RELEASE: '1', HUOZHUN_CLOUD_ENV: '  ' })).rejects.toThrow(/HUOZHUN_CLOUD_ENV/);
});

it('the environment id becomes the HUOZHUN_CLOUD_ENV constant app.ts passes to cloud.init', async () => {
  expect((await configWith({ TARO_ENV: 'weapp', HUOZHUN_RELEASE: '1', HUOZHUN_CLOUD_ENV: ' huozhun-prod-7g3k5b ' })).defineConstants)
    .toMatchObject({ HUOZHUN_CLOUD_ENV: '"huozhun-prod-7g3k5b"' });
});

it('development weapp builds and H5 builds go without it (an empty id: cloud.init names no environment)', async () => {
  expect((await configWith({ TARO_ENV: 'weapp' })).defineConstants).toMatchObject({ HUOZHUN_CLOUD_ENV: '""' });
  expect((await configWith({ TARO_ENV: 'h5', HUOZHUN_RELEASE: '1' })).defineConstants).toMatchObject({ HUOZHUN_CLOUD_ENV: '""' });
});
