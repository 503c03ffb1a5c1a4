export default definePageConfig({
  navigationBarTitleText: '运营工作台',
});
