export default definePageConfig({
  navigationBarTitleText: '供应商考核',
  enablePullDownRefresh: true,
});
