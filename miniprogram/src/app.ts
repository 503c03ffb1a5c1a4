import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import '@nutui/nutui-react-taro/dist/styles/themes/default.css';
import './app.scss';

// Missing from Taro's typings: the environment the mini-program was opened in.
type CloudWithEnv = typeof Taro.cloud & { DYNAMIC_CURRENT_ENV: string };

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      const cloud = Taro.cloud as CloudWithEnv;
      cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV, traceUser: true });
    }
  });
  return children;
}

export default App;
