export default definePageConfig({
  navigationBarTitleText: '导入库存表',
});
