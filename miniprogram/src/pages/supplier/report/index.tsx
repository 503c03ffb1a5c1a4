import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, Tag } from '../../../components/nutui';
import { CountBox } from '../../../components/CountBox';
import { EmptyState } from '../../../components/EmptyState';
import { LastCount } from '../../../components/LastCount';
import { LoadError } from '../../../components/LoadError';
import { HeldCard } from '../../../components/HeldCard';
import { HeldDialog } from '../../../components/HeldDialog';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { RequireRole } from '../../../components/RequireRole';
import { UserBar } from '../../../components/UserBar';
import { now } from '../../../services/clock';
import { askConsent } from '../../../services/consent';
import { formatTime, formatYuan } from '../../../services/format';
import { nav, PAGES } from '../../../services/nav';
import type { SupplierSkuView } from '../../../services/types';
import { useStores } from '../../../stores';
import { useSupplierStocktakes } from '../../../stores/stocktake-list';
import { useSupplierWaves } from '../../../stores/waves';
import './index.scss';

const ReportRow = observer(function ReportRow({ row, at }: { row: SupplierSkuView; at: number }) {
  const { report } = useStores();
  const error = report.boxes.errors[row.skuId];
  const last = report.boxes.isLast(row.skuId);
  const same = report.isSame(row);
  const short = report.shortBy(row);
  return (
    <View className={`hz-card hz-report-row${error ? ' hz-report-row--error' : ''}`}>
      <View className="hz-report-row-main">
        <View className="hz-report-row-info">
          <Text className="hz-sku-name">{row.name}</Text>
          <Text className="hz-sku-spec">
            {row.spec}
            {row.cost !== undefined ? ` · 成本 ${formatYuan(row.cost)}` : ''}
          </Text>
        </View>
        <CountBox
          boxes={report.boxes}
          skuId={row.skuId}
          label={`${row.name} ${row.spec} 库存数量`}
          lastCount={row.lastOnHand}
          disabled={report.submitting}
        />
      </View>
      <LastCount onHand={row.lastOnHand} freshness={row.freshness} at={at} />
      <Text className="hz-muted">
        可售 {row.sellable} · 待发 {row.committed}
      </Text>
      {error && <Text className="hz-field-error">{error}</Text>}
      {!error && short > 0 && (
        <Text className="hz-field-warning hz-short-warning">
          今晚将缺 {short} 件（待发 {row.committed} 件）
        </Text>
      )}
      <View className="hz-report-row-foot">
        <View className="hz-report-row-links">
          {row.lastOnHand !== null && !same && (
            <Text className="hz-link hz-same-as-last" onClick={() => report.sameAsLastFor(row)}>
              与上次相同
            </Text>
          )}
          {same && (
            <Tag type="primary" plain className="hz-same-tag">
              与上次相同
            </Tag>
          )}
          <Text className="hz-link hz-history-link" onClick={() => nav.open(PAGES.skuHistory, { skuId: row.skuId })}>
            历史 ›
          </Text>
          {report.isChanged(row) && !error && (
            <Tag type="warning" plain className="hz-changed-tag">
              已修改
            </Tag>
          )}
        </View>
        {!last && (
          <Text className="hz-link hz-next-link" onClick={() => report.boxes.focusNext(row.skuId)}>
            下一项 ↓
          </Text>
        )}
      </View>
    </View>
  );
});

const ReportBody = observer(function ReportBody() {
  const { report } = useStores();
  useEffect(() => {
    void report.load();
  }, [report]);
  // The navigation bar says which report is due too ("早报 · 08:00").
  const title = report.status === 'ready' ? report.title : '';
  useEffect(() => {
    if (title) Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [title]);
  const at = now();

  if (report.status === 'idle' || report.status === 'loading') return <LoadingLine text="正在加载商品…" />;
  if (report.status === 'error') return <LoadError title="商品加载失败" message={report.loadError} onRetry={() => void report.load()} />;
  if (report.rows.length === 0) {
    return <EmptyState title="还没有商品" description="请联系运营为你开通商品后再报数" />;
  }
  const receipt = report.lastReceipt;
  const short = report.shortRows;
  const group = report.waitingGroup;
  return (
    <View className="hz-report">
      <View className="hz-report-head">
        <View className="hz-report-head-text">
          <Text className="hz-page-title hz-report-title">{report.title}</Text>
          <Text className="hz-report-supplier">{report.supplierName}</Text>
          <Text className="hz-muted">共 {report.rows.length} 个商品，请按仓库实际件数填写；没填的商品不会报送</Text>
        </View>
        <Button size="small" fill="outline" type="primary" className="hz-all-same" onClick={() => report.askAllSame()}>
          全部与上次相同
        </Button>
      </View>

      {report.savedDraft && (
        <View className="hz-banner hz-banner--warning hz-draft-banner">
          <Text>
            有一份未提交的报数（{Object.keys(report.savedDraft.drafts).length} 个商品，{formatTime(report.savedDraft.savedAt, at)}填写）
          </Text>
          <View className="hz-banner-actions">
            <Button size="small" type="primary" className="hz-draft-restore" onClick={() => report.restoreDraft()}>
              恢复
            </Button>
            <Button size="small" className="hz-draft-discard" onClick={() => report.discardDraft()}>
              不要了
            </Button>
          </View>
        </View>
      )}

      {report.sentToday.length > 0 && !receipt && (
        <View className="hz-banner hz-banner--success hz-sent-today">
          <Text>
            今天已报送：{report.sentToday.map((r) => `${r.slot} ${formatTime(r.reportedAt, at)}（${r.lineCount} 个商品）`).join('，')}
          </Text>
        </View>
      )}

      {report.overAgeCount > 0 && (
        <View className="hz-banner hz-banner--warning hz-over-age-banner">
          <Text>有 {report.overAgeCount} 个商品的报数已超龄（标“超龄·请重报”），卖得快的商品需要更常报数，请先盘点这些</Text>
        </View>
      )}

      {group && (
        <View className="hz-report-waiting">
          <Text className="hz-section-title">有 {group.lineCount} 个商品的报数等待确认（未生效）</Text>
          <HeldCard
            group={group}
            now={at}
            busy={report.resolving !== null}
            error={report.dialog ? null : report.heldError}
            onConfirm={() => void report.confirmWaiting()}
            onDiscard={() => void report.discardWaiting()}
          />
        </View>
      )}

      {receipt && (
        <View className="hz-banner hz-banner--success hz-receipt">
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
        <View className="hz-bottom-bar-info">
          <Text>
            已填 {report.rows.length - report.untouchedCount}/{report.rows.length} 项
          </Text>
          {short.length > 0 && <Text className="hz-field-warning hz-short-summary">{short.length} 个商品不够今晚发货</Text>}
        </View>
        <Button
          type="primary"
          loading={report.submitting}
          disabled={report.submitting}
          onClick={() => {
            // Submitting a report is the supplier's tap: WeChat's moment to ask for report and wave alerts.
            void askConsent();
            void report.submit();
          }}
        >
          提交报数
        </Button>
      </View>
      <Dialog
        className="hz-all-same-dialog"
        visible={report.confirmingAllSame}
        title="全部与上次相同？"
        content={`${report.untouchedWithLast.length} 个还没填的商品将按上次的数量报送，并标为“与上次相同”。请确认这些商品确实没有变化。`}
        confirmText="按上次报送"
        cancelText="取消"
        onConfirm={() => report.confirmAllSame()}
        onCancel={() => report.cancelAllSame()}
      />
      <HeldDialog
        held={report.dialog}
        resolving={report.resolving}
        error={report.heldError}
        onConfirm={(id) => void report.confirmHeld(id)}
        onDiscard={(id) => void report.discardHeld(id)}
      />
      <Notice notice={report.notice} onClose={() => report.dismissNotice()} />
    </View>
  );
});

/** The way to the day's waves (pick lists) and to the stocktakes, with what waits in each. */
const WaveLink = observer(function WaveLink() {
  const waves = useSupplierWaves();
  const stocktakes = useSupplierStocktakes();
  useEffect(() => {
    void waves.load();
    void stocktakes.load();
  }, [waves, stocktakes]);
  const waiting = waves.toConfirm;
  const toCount = stocktakes.forSupplier;
  return (
    <View className="hz-linkbar">
      <View className={`hz-linkbar-item hz-link-waves${waiting > 0 ? ' hz-linkbar-item--alert' : ''}`} onClick={() => nav.open(PAGES.waves)}>
        <Text>波次 / 拣货单</Text>
        {waiting > 0 && <Text className="hz-badge hz-waves-badge">{waiting} 待确认</Text>}
      </View>
      <View className={`hz-linkbar-item hz-link-stocktakes${toCount > 0 ? ' hz-linkbar-item--alert' : ''}`} onClick={() => nav.open(PAGES.supplierStocktake)}>
        <Text>盘点对账</Text>
        {toCount > 0 && <Text className="hz-badge hz-stocktakes-badge">{toCount} 待盘点</Text>}
      </View>
      <View className="hz-linkbar-item hz-link-scorecard" onClick={() => nav.open(PAGES.supplierScorecard)}>
        <Text>我的考核</Text>
      </View>
    </View>
  );
});

export default function SupplierReportPage() {
  return (
    <RequireRole roles={['supplier']}>
      <UserBar />
      <WaveLink />
      <ReportBody />
    </RequireRole>
  );
}
