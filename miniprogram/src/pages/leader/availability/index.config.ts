export default definePageConfig({
  navigationBarTitleText: '可售库存',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
