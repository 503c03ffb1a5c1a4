import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import '@nutui/nutui-react-taro/dist/styles/themes/default.css';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // The environment id is written in at build time (miniprogram/config/index.ts); a
    // development build without one uses the environment chosen in DevTools.
    if (process.env.TARO_ENV === 'weapp') Taro.cloud.init({ ...(HUOZHUN_CLOUD_ENV ? { env: HUOZHUN_CLOUD_ENV } : {}), traceUser: true });
  });
  return children;
}

export default App;
