import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Input, Tag } from '../../../components/nutui';
import { EmptyState } from '../../../components/EmptyState';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { RequireRole } from '../../../components/RequireRole';
import { UserBar } from '../../../components/UserBar';
import { now } from '../../../services/clock';
import { formatFreshness, formatTime } from '../../../services/format';
import type { SupplierSkuView } from '../../../services/types';
import { useStores } from '../../../stores';
import './index.scss';

const ReportRow = observer(function ReportRow({ row, at }: { row: SupplierSkuView; at: number }) {
  const { report } = useStores();
  const error = report.lineErrors[row.skuId];
  return (
    <View className={`hz-card hz-report-row${error ? ' hz-report-row--error' : ''}`}>
      <View className="hz-report-row-main">
        <View className="hz-report-row-info">
          <Text className="hz-sku-name">{row.name}</Text>
          <Text className="hz-sku-spec">{row.spec}</Text>
          <Text className="hz-report-last">
            {row.lastOnHand === null ? '还没报过数' : `上次 ${row.lastOnHand} 件 · ${formatFreshness(row.freshness, at)}`}
          </Text>
          <Text className="hz-muted">
            可售 {row.sellable} · 待发 {row.committed}
          </Text>
        </View>
        <View className="hz-report-row-input">
          <Input
            className="hz-count-input"
            type="number"
            align="right"
            value={report.draftOf(row.skuId)}
            placeholder="现有件数"
            maxLength={9}
            aria-label={`${row.name} ${row.spec} 库存数量`}
            onChange={(text) => report.setDraft(row.skuId, text)}
          />
          <Text className="hz-unit">件</Text>
        </View>
      </View>
      {report.isChanged(row) && !error && (
        <Tag type="warning" plain className="hz-changed-tag">
          已修改
        </Tag>
      )}
      {error && <Text className="hz-field-error">{error}</Text>}
    </View>
  );
});

const ReportBody = observer(function ReportBody() {
  const { report, session } = useStores();
  useEffect(() => {
    void report.load();
  }, [report]);
  const at = now();

  if (report.status === 'idle' || report.status === 'loading') return <LoadingLine text="正在加载商品…" />;
  if (report.status === 'error') {
    return (
      <EmptyState tone="error" title="商品加载失败" description={report.loadError ?? ''}>
        <Button type="primary" onClick={() => void report.load()}>
          重试
        </Button>
      </EmptyState>
    );
  }
  if (report.rows.length === 0) {
    return <EmptyState title="还没有商品" description="请联系运营为你开通商品后再报数" />;
  }
  const receipt = report.lastReceipt;
  return (
    <View className="hz-report">
      <View className="hz-report-head">
        <View>
          <Text className="hz-page-title">{session.user?.supplierName ?? '库存报送'}</Text>
          <Text className="hz-muted">共 {report.rows.length} 个商品，请按仓库实际件数填写</Text>
        </View>
        <Button size="small" fill="outline" type="primary" onClick={() => report.sameAsLast()}>
          与上次相同
        </Button>
      </View>

      {receipt && (
        <View className="hz-banner hz-banner--success">
          <Text className="hz-banner-title">
            已报送 · {receipt.slot} · {formatTime(receipt.reportedAt, at)}
          </Text>
          <Text>
            {receipt.lines.length} 个商品已更新，回执号 {receipt.reportId}
          </Text>
        </View>
      )}
      {report.formError && (
        <View className="hz-banner hz-banner--error">
          <Text>{report.formError}</Text>
        </View>
      )}

      {report.rows.map((row) => (
        <ReportRow key={row.skuId} row={row} at={at} />
      ))}

      <View className="hz-bottom-bar">
        <Text className="hz-bottom-bar-info">{report.changedCount > 0 ? `已修改 ${report.changedCount} 项` : '数量与上次相同'}</Text>
        <Button type="primary" loading={report.submitting} disabled={report.submitting} onClick={() => void report.submit()}>
          提交报数
        </Button>
      </View>
      <Notice notice={report.notice} onClose={() => report.dismissNotice()} />
    </View>
  );
});

export default function SupplierReportPage() {
  return (
    <RequireRole roles={['supplier']}>
      <UserBar />
      <ReportBody />
    </RequireRole>
  );
}
