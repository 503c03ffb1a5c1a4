export default definePageConfig({
  navigationBarTitleText: '盘点对账',
  enablePullDownRefresh: true,
});
