// A WeChat phone for the built weapp, inside miniprogram-simulate: jsdom for j-component,
// `wx` (storage, navigation, cloud), `App`/`getApp`/`getCurrentPages`, and `Page` mapped to
// `Component`. Loaded with Node's own require: the bundle runs as WeChat would run it.
const { JSDOM } = require('jsdom');
const path = require('node:path');

// j-component and miniprogram-simulate expect a browser: give them jsdom's globals, once.
const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true, url: 'https://servicewechat.com/' });
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in global) continue;
  try {
    global[key] = dom.window[key];
  } catch {
    // A few jsdom getters refuse to be copied; j-component never reads them.
  }
}
global.window = dom.window;
global.document = dom.window.document;

// miniprogram-simulate merges its mock API (toasts, system info, nextTick …) into `wx` as it loads.
const simulate = require('miniprogram-simulate');
const simUtils = require('miniprogram-simulate/src/utils');
const exparser = require(require.resolve('miniprogram-exparser', { paths: [path.dirname(require.resolve('j-component'))] }));
const wx = global.wx;
/** The simulator's own API, before any phone puts its storage, navigation and cloud in. */
const baseApi = { ...wx };

// miniprogram-simulate requires a component's JS to make it call Component(); a webpack
// chunk runs its module only the first time, so replay the definition it gave then.
const simComponent = global.Component;
const definitions = new Map();
let runningPath = null;
simUtils.runJs = (filePath) => {
  const known = definitions.get(filePath);
  if (known) return void simComponent(known);
  runningPath = filePath;
  try {
    require(filePath);
  } finally {
    runningPath = null;
  }
};
global.Component = (options) => {
  if (runningPath) definitions.set(runningPath, options);
  return simComponent(options);
};
/** A Taro page as a component: its hooks and `eh` become methods; the page stack calls the hooks. */
global.Page = (config) => {
  const methods = {};
  for (const [key, value] of Object.entries(config)) if (typeof value === 'function') methods[key] = value;
  return global.Component({ data: config.data || {}, methods });
};

let app = null;
let stack = [];
global.App = (config) => {
  app = config;
};
global.getApp = () => app;
global.getCurrentPages = () => stack.map((page) => page.instance);

const later = (fn) => setTimeout(fn, 0);

/** Split `/pages/x/index?a=1` into a route and its query, values still encoded as WeChat hands them over. */
function parseUrl(url, from) {
  const [rawPath = '', rawQuery = ''] = String(url).split('?');
  const route = rawPath.startsWith('/') ? rawPath.slice(1) : path.posix.join(path.posix.dirname(from ?? ''), rawPath);
  const query = {};
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [k = '', v = ''] = pair.split('=');
    query[k] = v;
  }
  return { route, query };
}

/**
 * One phone: a fresh load of the built app (its own Taro runtime, React tree and stores),
 * its own storage, and `cloud` answering with this phone's OPENID. One phone runs at a time.
 */
function createPhone({ dist, cloud, entry = 'pages/login/index' }) {
  const appJson = require(path.join(dist, 'app.json'));
  const routes = new Set([...appJson.pages, ...(appJson.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]);
  const storage = new Map();
  const errors = [];
  const host = document.createElement('div');

  function openPage(route, query) {
    const id = simulate.load(path.join(dist, route), { compiler: 'official', rootPath: dist, compilerOptions: { maxBuffer: 64 << 20 } });
    const comp = simulate.render(id);
    comp.attach(host);
    const instance = comp.instance;
    Object.assign(instance, { route, __route__: route, options: query });
    const page = { route, query, comp, instance };
    stack.push(page);
    instance.onLoad(query);
    instance.onShow();
    instance.onReady();
    return page;
  }
  function closePage(page) {
    page.instance.onUnload?.();
    page.comp.detach();
  }
  /** wx's page changes, asynchronous as on a phone; an unknown page fails like WeChat's. */
  const navigation = (name, change) => (options = {}) => {
    later(() => {
      const top = stack[stack.length - 1];
      try {
        const target = options.url === undefined ? null : parseUrl(options.url, top?.route);
        if (target && !routes.has(target.route)) throw new Error(`page "${target.route}" is not found`);
        change(target, options);
        const res = { errMsg: `${name}:ok` };
        options.success?.(res);
        options.complete?.(res);
      } catch (err) {
        const res = { errMsg: `${name}:fail ${err.message}` };
        errors.push(res.errMsg);
        options.fail?.(res);
        options.complete?.(res);
      }
    });
  };
  const phoneApi = {
    cloud,
    // Kept as copies: WeChat stores values serialised, never the caller's object.
    getStorageSync: (key) => (storage.has(key) ? structuredClone(storage.get(key)) : ''),
    setStorageSync: (key, value) => void storage.set(key, structuredClone(value)),
    removeStorageSync: (key) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }),
    reLaunch: navigation('reLaunch', (target) => {
      stack.splice(0).reverse().forEach(closePage);
      openPage(target.route, target.query);
    }),
    redirectTo: navigation('redirectTo', (target) => {
      const top = stack.pop();
      if (top) closePage(top);
      openPage(target.route, target.query);
    }),
    navigateTo: navigation('navigateTo', (target) => {
      if (stack.length >= 10) throw new Error('webview count limit exceed');
      stack[stack.length - 1]?.instance.onHide?.();
      openPage(target.route, target.query);
    }),
    navigateBack: navigation('navigateBack', (_target, options) => {
      const delta = Math.max(1, options.delta ?? 1);
      for (let i = 0; i < delta && stack.length > 1; i++) closePage(stack.pop());
      stack[stack.length - 1].instance.onShow();
    }),
  };

  return {
    errors,
    /** This phone's own `wx` APIs, put in at launch over the simulator's (a test may replace one first). */
    api: phoneApi,
    /** Start the app as WeChat would: app.js, onLaunch, onShow, then the entry page. */
    launch() {
      stack.splice(0).reverse().forEach(closePage);
      // A new phone is a new JS world: forget the last phone's modules and registrations.
      for (const file of Object.keys(require.cache)) if (file.startsWith(dist + path.sep)) delete require.cache[file];
      definitions.clear();
      for (const key of Object.keys(wx)) delete wx[key];
      Object.assign(wx, baseApi, phoneApi);
      document.body.replaceChildren(host);
      app = null;
      require(path.join(dist, 'app.js'));
      if (!app) throw new Error('app.js did not call App()');
      const launch = { path: entry, query: {}, scene: 1001, referrerInfo: {} };
      app.onLaunch(launch);
      app.onShow(launch);
      openPage(entry, {});
    },
    /** The page on top of the stack. */
    page: () => stack[stack.length - 1],
    pages: () => stack.map((p) => p.route),
  };
}

module.exports = { createPhone, exparser, simulate };
