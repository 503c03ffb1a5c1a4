export default definePageConfig({
  navigationBarTitleText: '缺货处理',
});
