export default definePageConfig({
  navigationBarTitleText: '店铺库存',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
