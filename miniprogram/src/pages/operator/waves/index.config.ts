export default definePageConfig({
  navigationBarTitleText: '波次',
});
