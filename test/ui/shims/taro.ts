// `@tarojs/taro` for the jsdom tests: the H5 API, plus the page lifecycle hooks that a
// real build takes from Taro's React runtime (which needs a page host jsdom does not have).
import { useEffect, useRef } from 'react';
import * as h5 from '@tarojs/taro-h5';

// A real H5 build rewrites `Taro.setStorageSync(...)` into named imports
// (babel-plugin-transform-taroapi); here the default object gets the named APIs instead.
const Taro = h5.default as unknown as Record<string, unknown>;
for (const [name, api] of Object.entries(h5)) {
  if (name !== 'default' && !(name in Taro)) Taro[name] = api;
}

export * from '@tarojs/taro-h5';
export default Taro;

type EnvVersion = 'develop' | 'trial' | 'release';
let envVersion: EnvVersion = 'release';
const h5AccountInfo = Taro.getAccountInfoSync as () => unknown;

/** Which version of the mini-program the phone runs (开发版/体验版/正式版), as WeChat reports it. */
export function setEnvVersion(next: EnvVersion): void {
  envVersion = next;
}

/**
 * wx.getAccountInfoSync as WeChat answers it when the app runs as the mini-program
 * (TARO_ENV=weapp at call time, as the consent tests set it); otherwise Taro's H5
 * answer, the rejected promise of an API H5 does not have.
 */
export function getAccountInfoSync(): unknown {
  if (process.env.TARO_ENV !== 'weapp') return h5AccountInfo();
  return { miniProgram: { appId: 'wx0123456789abcdef', envVersion, version: envVersion === 'release' ? '1.0.0' : '' } };
}
Taro.getAccountInfoSync = getAccountInfoSync;

type Callback = (...args: unknown[]) => unknown;

const pullDownHandlers = new Set<{ current: Callback }>();

function useLatest(fn: Callback) {
  const ref = useRef(fn);
  ref.current = fn;
  return ref;
}

export function useLaunch(fn: Callback): void {
  const ref = useLatest(fn);
  useEffect(() => {
    ref.current({});
  }, [ref]);
}

export function useDidShow(fn: Callback): void {
  useLaunch(fn);
}

/** jsdom never puts a page under another one. */
export function useDidHide(_fn: Callback): void {}

export function usePullDownRefresh(fn: Callback): void {
  const ref = useLatest(fn);
  useEffect(() => {
    pullDownHandlers.add(ref);
    return () => {
      pullDownHandlers.delete(ref);
    };
  }, [ref]);
}

const reachBottomHandlers = new Set<{ current: Callback }>();

export function useReachBottom(fn: Callback): void {
  const ref = useLatest(fn);
  useEffect(() => {
    reachBottomHandlers.add(ref);
    return () => {
      reachBottomHandlers.delete(ref);
    };
  }, [ref]);
}

/** What scrolling to the bottom does on a page that registered useReachBottom. */
export function triggerReachBottom(): void {
  reachBottomHandlers.forEach((h) => h.current());
}

/** What a pull-down gesture does on a page that registered usePullDownRefresh. */
export function triggerPullDownRefresh(): void {
  pullDownHandlers.forEach((h) => h.current());
}
