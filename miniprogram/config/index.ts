// Taro build config, written by hand (`taro init` needs the internet).
// Run from miniprogram/: `taro build --type weapp|h5` → dist/weapp or dist/h5.
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

const NUTUI = ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'];

/**
 * The cloud environment the mini-program calls (WeChat documents DYNAMIC_CURRENT_ENV for
 * cloud functions only: the client must name its environment). A release build
 * (HUOZHUN_RELEASE=1, as `npm run build:weapp:release` and the upload script run it)
 * refuses to build without one.
 */
function cloudEnv(): string {
  const env = (process.env.HUOZHUN_CLOUD_ENV ?? '').trim();
  if (process.env.TARO_ENV === 'weapp' && process.env.HUOZHUN_RELEASE === '1' && !env) {
    throw new Error('发布版小程序需要设置 HUOZHUN_CLOUD_ENV（云开发环境 ID，在云开发控制台的环境设置里）');
  }
  return env;
}

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'huozhun',
    date: '2026-11-26',
    // NutUI is drawn at 375 px; our own styles at 750 rpx. Taro also copies this function
    // into the app for Taro.pxTransform at run time, untranspiled helpers and all: no
    // `typeof` here (it compiles to a _type_of helper the bundle does not carry).
    designWidth(input) {
      const file = String((input && (input as { file?: unknown }).file) || '');
      return file.replace(/\\/g, '/').includes('@nutui/') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    // Without plugin-html the weapp build passes but InputNumber's raw <input> is missing at run time.
    plugins: ['@tarojs/plugin-html'],
    defineConstants: { HUOZHUN_CLOUD_ENV: JSON.stringify(cloudEnv()) },
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    // weapp: the sitemap app.json points at (app.config.ts).
    copy: { patterns: process.env.TARO_ENV === 'weapp' ? [{ from: 'src/sitemap.json', to: 'dist/weapp/sitemap.json' }] : [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // Prebundled NutUI makes --watch builds load a .wxss as JavaScript.
      prebundle: { exclude: NUTUI },
    },
    cache: { enable: false },
    // The root project.config.json (miniprogramRoot: miniprogram/dist/weapp/) is what DevTools
    // opens; this name has no file here, so Taro copies nothing into dist/weapp.
    projectConfigName: 'project.taro-unused.json',
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Plain HTML components: the same ones the jsdom tests render, and no web-component runtime.
      useHtmlComponents: true,
      // Taro splits initial chunks only; pages load lazily, so without this every page
      // chunk carried its own copy of mobx, NutUI and the stores.
      webpackChain(chain) {
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' });
      },
      // `taro build --type h5 --watch` serves on its own port; the functions live on `npm run serve`.
      devServer: { proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: true } } },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: { selectorBlackList: ['nut-'] } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (mode === 'development' || process.env.NODE_ENV === 'development') {
    return merge({}, base, { logger: { quiet: false, stats: true } });
  }
  return merge({}, base, {});
});
