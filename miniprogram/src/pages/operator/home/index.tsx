import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Cell, Tag } from '../../../components/nutui';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { nav, PAGES, type PagePath } from '../../../services/nav';
import { useOperatorStocktakes, useOperatorTasks, useOperatorWaves, useSuppliers } from '../../../stores/operator';
import '../operator.scss';

interface Link {
  key: string;
  title: string;
  description: string;
  to: PagePath;
}

const LINKS: Link[] = [
  { key: 'waves', title: '波次', description: '每天截单后的拣货单；逾期未确认的可代供应商确认', to: PAGES.operatorWaves },
  { key: 'tasks', title: '缺货处理', description: '各团长未处理的缺货，以及等了多久', to: PAGES.operatorTasks },
  { key: 'stocktakes', title: '盘点对账', description: '发起盘点，审核供应商确认的盘点差异', to: PAGES.operatorStocktake },
  { key: 'scorecards', title: '供应商考核', description: '各供应商本周、本月的准确率、满足率、及时率与缺货影响，排名和走势', to: PAGES.operatorScorecards },
  { key: 'buffers', title: '缓冲建议', description: '按各供应商最近波次的实际可发建议缓冲比例，勾选后一次确认应用', to: PAGES.operatorBuffers },
  { key: 'held', title: '待确认报数', description: '数量跳变的报数，确认后才生效', to: PAGES.held },
  { key: 'report-for', title: '代报库存', description: '录入供应商在微信群里发来的数字', to: PAGES.reportFor },
  { key: 'import', title: '导入库存表', description: '上传 Excel / CSV，逐行校验后整表生效', to: PAGES.importStock },
  { key: 'availability', title: '可售库存', description: '团长看到的可售数量与计算过程', to: PAGES.availability },
  { key: 'suppliers', title: '供应商', description: '对接方式、报数时间、缓冲与跳变阈值', to: PAGES.suppliers },
  { key: 'skus', title: '商品', description: '商品编码、售价成本、上下架、同步优先级', to: PAGES.skus },
  { key: 'people', title: '人员与邀请', description: '邀请团长和供应商人员，小区与群机器人', to: PAGES.people },
  { key: 'settings', title: '设置', description: '安全库存、预警线、截单与确认时间、限购、优惠券、提醒', to: PAGES.settings },
];

const HomeBody = observer(function HomeBody() {
  const suppliers = useSuppliers();
  const waves = useOperatorWaves();
  const tasks = useOperatorTasks();
  const stocktakes = useOperatorStocktakes();
  useEffect(() => {
    void suppliers.load();
    void waves.load();
    void tasks.load();
    // The home's badge counts every supplier's.
    void stocktakes.filter('');
  }, [suppliers, waves, tasks, stocktakes]);

  if (suppliers.status === 'idle' || suppliers.status === 'loading') return <LoadingLine text="正在加载工作台…" />;
  if (suppliers.status === 'error') return <LoadError title="工作台加载失败" message={suppliers.error} onRetry={() => void suppliers.load()} />;
  const stats = [
    { key: 'overdue', label: '逾期波次', value: waves.overdue, to: PAGES.operatorWaves, alert: waves.overdue > 0 },
    { key: 'tasks', label: '未处理缺货', value: tasks.count, to: PAGES.operatorTasks, alert: tasks.count > 0 },
    { key: 'held', label: '待确认报数', value: suppliers.heldCount, to: PAGES.held, alert: suppliers.heldCount > 0 },
    { key: 'overAge', label: '报数超龄商品', value: suppliers.overAgeCount, to: PAGES.suppliers, alert: suppliers.overAgeCount > 0 },
    { key: 'suppliers', label: '供应商', value: suppliers.list.length, to: PAGES.suppliers, alert: false },
    { key: 'skus', label: '商品', value: suppliers.skuCount, to: PAGES.skus, alert: false },
  ];
  // What waits behind a link, shown as a red count on it.
  const badges: Record<string, () => number> = {
    held: () => suppliers.heldCount,
    waves: () => waves.overdue,
    tasks: () => tasks.count,
    stocktakes: () => stocktakes.forOperator,
  };
  return (
    <View className="hz-op-home">
      <Text className="hz-page-title">工作台</Text>
      <View className="hz-stats">
        {stats.map((s) => (
          <View key={s.key} className={`hz-stat hz-stat--${s.key}${s.alert ? ' hz-stat--alert' : ''}`} onClick={() => nav.open(s.to)}>
            <Text className="hz-stat-value">{s.value}</Text>
            <Text className="hz-stat-label">{s.label}</Text>
          </View>
        ))}
      </View>
      <View className="hz-op-links">
        {LINKS.map((link) => (
          <Cell
            key={link.key}
            className={`hz-op-link hz-op-link--${link.key}`}
            clickable
            title={<Text className="hz-op-link-title">{link.title}</Text>}
            description={link.description}
            extra={
              (badges[link.key]?.() ?? 0) > 0 ? (
                <Tag type="danger">{badges[link.key]!()}</Tag>
              ) : (
                <Text className="hz-muted">›</Text>
              )
            }
            onClick={() => nav.open(link.to)}
          />
        ))}
      </View>
    </View>
  );
});

export default function OperatorHomePage() {
  return (
    <OperatorPage back={null}>
      <HomeBody />
    </OperatorPage>
  );
}
