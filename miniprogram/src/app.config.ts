const pages = [
  'pages/login/index',
  'pages/supplier/report/index',
  'pages/leader/availability/index',
  'pages/leader/order/index',
];

const config: Taro.AppConfig = {
  pages,
  window: {
    navigationBarTitleText: '货准',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
    backgroundTextStyle: 'dark',
  },
};

// WeChat only: the app calls cloud functions. `cloud` is a real app.json key that
// Taro's AppConfig type does not list.
export default defineAppConfig(process.env.TARO_ENV === 'weapp' ? ({ ...config, cloud: true } as Taro.AppConfig) : config);
