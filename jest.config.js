// Three projects: server-side code in Node, the Taro pages in jsdom, and the
// end-to-end tests that start real processes (run last, one at a time).
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];

/** @type {import('jest').Config} */
module.exports = {
  // A whole flow on real SQLite, bundles or the local cloud endpoint: speed is measured in
  // bench/, so the limit only catches a hang, on a loaded 2-core machine too.
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/{domain,storage,handlers,functions,import,simulator,deploy,open}/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      // The Taro pages in jsdom, run as H5 against the real handlers in-process.
      displayName: 'ui',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test/ui'],
      testMatch: ['<rootDir>/test/ui/**/*.test.{ts,tsx}'],
      setupFiles: ['<rootDir>/test/ui/setup.ts'],
      moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json', 'node'],
      moduleNameMapper: {
        '^@tarojs/taro$': '<rootDir>/test/ui/shims/taro.ts',
        '^@tarojs/components$': '<rootDir>/test/ui/shims/components.ts',
        '^@nutui/nutui-react-taro$': '<rootDir>/test/ui/shims/nutui.ts',
        '^@/(.*)$': '<rootDir>/miniprogram/src/$1',
        '\\.(css|scss|sass|less)$': '<rootDir>/test/ui/shims/style.ts',
      },
      // Taro, NutUI and their helpers ship ES modules: let swc compile them too.
      transformIgnorePatterns: [
        '/node_modules/(?!(@tarojs|@stencil|@nutui|swiper|ssr-window|dom7|lodash-es|query-string|decode-uri-component|split-on-first|filter-obj|nanoid|ics|style-inject|\\.pnpm)/)',
      ],
      transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
    },
    {
      // Builds the mini-program and checks the package WeChat would receive (slow: a real build).
      displayName: 'build',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/build'],
      testMatch: ['<rootDir>/test/build/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      // The built weapp in miniprogram-simulate, driven like a phone (builds first only if stale).
      // Shares dist/weapp with `build`: both hold test/support/weapp-build.ts's lock.
      displayName: 'weapp',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/weapp'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      // The real `npm start` in Debian's Chromium (slow: builds H5 and starts the server).
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['<rootDir>/test/e2e/*.e2e.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
  ],
};
