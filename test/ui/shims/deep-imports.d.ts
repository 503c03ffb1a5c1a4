// Taro's React components, imported one by one by the components shim (no typings ship for these paths).
declare module '@tarojs/components-react/dist/components/*/index.js' {
  import type { ComponentType } from 'react';

  const Component: ComponentType<Record<string, unknown>>;
  export default Component;
}
