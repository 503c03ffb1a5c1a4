export default definePageConfig({
  navigationBarTitleText: '缺货处理',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
