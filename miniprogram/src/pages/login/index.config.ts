export default definePageConfig({
  navigationBarTitleText: '货准 · 登录',
});
