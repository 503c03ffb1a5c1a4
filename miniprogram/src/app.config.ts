const pages = [
  'pages/login/index',
  'pages/supplier/report/index',
  'pages/leader/availability/index',
  'pages/leader/order/index',
  // Every person's alerts: the user bar's 消息 opens it from any home page.
  'pages/inbox/index',
];

// Loaded on first visit, so the main package every leader and supplier downloads stays small:
// the operator's pages, a SKU's history (suppliers and operators open it), a leader's
// orders and shortage tasks, a supplier's waves and its stocktakes.
const subPackages = [
  {
    root: 'pages/operator',
    pages: [
      'home/index',
      'suppliers/index',
      'supplier-edit/index',
      'skus/index',
      'sku-edit/index',
      'report-for/index',
      'import/index',
      'held/index',
      'settings/index',
      'waves/index',
      'wave/index',
      'tasks/index',
      'people/index',
      'person-edit/index',
      'stocktake/index',
      'scorecards/index',
      'buffers/index',
    ],
  },
  { root: 'pages/stock', pages: ['history/index'] },
  { root: 'pages/orders', pages: ['mine/index', 'tasks/index'] },
  { root: 'pages/wave', pages: ['list/index', 'detail/index'] },
  // The supplier's stocktake (盘点对账): a few times a month, so not in the main package.
  { root: 'pages/supplier/stocktake', pages: ['index'] },
  // The supplier's own scorecard (我的考核): read now and then, its own subpackage too.
  { root: 'pages/supplier/scorecard', pages: ['index'] },
  // The leader's storefront listings (店铺库存): the number each storefront should show.
  { root: 'pages/leader/listings', pages: ['index'] },
];

const config: Taro.AppConfig = {
  pages,
  subPackages,
  window: {
    navigationBarTitleText: '货准',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
    backgroundTextStyle: 'dark',
  },
};

// WeChat only: the app calls cloud functions; WeChat's search may index no page (a
// tool for a team, not a shop); APIs that touch private data (选中的文件 for imports,
// 剪切板 for invite codes) are checked against the privacy guide the admin console
// declares (README). `cloud` and `__usePrivacyCheck__` are real app.json keys that
// Taro's AppConfig type does not list.
const weapp = { ...config, cloud: true, sitemapLocation: 'sitemap.json', __usePrivacyCheck__: true } as Taro.AppConfig;
export default defineAppConfig(process.env.TARO_ENV === 'weapp' ? weapp : config);
