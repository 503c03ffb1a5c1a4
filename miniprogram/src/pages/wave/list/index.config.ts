export default definePageConfig({
  navigationBarTitleText: '波次',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
