export default definePageConfig({
  navigationBarTitleText: '缓冲建议',
  enablePullDownRefresh: true,
});
