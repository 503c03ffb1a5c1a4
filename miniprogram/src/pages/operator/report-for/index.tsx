import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '../../../components/nutui';
import { CountStepper } from '../../../components/CountStepper';
import { EmptyState } from '../../../components/EmptyState';
import { HeldDialog } from '../../../components/HeldDialog';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { SupplierPicker } from '../../../components/operator/SupplierPicker';
import { now } from '../../../services/clock';
import { formatFreshness, formatTime } from '../../../services/format';
import type { OperatorSkuView } from '../../../services/types';
import { useReportFor, useSuppliers } from '../../../stores/operator';
import '../operator.scss';

const EntryRow = observer(function EntryRow({ row, at }: { row: OperatorSkuView; at: number }) {
  const entry = useReportFor();
  const error = entry.lineErrors[row.id];
  const counted = row.figure.freshness !== null;
  const last = entry.rows[entry.rows.length - 1]?.id === row.id;
  return (
    <View className={`hz-card hz-report-row hz-entry-row${error ? ' hz-report-row--error' : ''}`}>
      <View className="hz-report-row-main">
        <View className="hz-report-row-info">
          <Text className="hz-sku-name">{row.name}</Text>
          <Text className="hz-sku-spec">
            {row.spec} · {row.id}
          </Text>
        </View>
        <CountStepper
          value={entry.draftOf(row.id)}
          label={`${row.name} ${row.spec} 库存数量`}
          focus={entry.focused === row.id}
          last={last}
          disabled={entry.submitting}
          onChange={(text) => entry.setDraft(row.id, text)}
          onStep={(delta) => entry.step(row, delta)}
          onFocus={() => entry.focus(row.id)}
          onBlur={() => entry.blurred(row.id)}
          onNext={() => entry.focusNext(row.id)}
        />
      </View>
      <View className="hz-report-row-foot">
        <Text className="hz-report-last">{counted ? `上次 ${row.figure.onHand} 件 · ${formatFreshness(row.figure.freshness, at)}` : '还没报过数'}</Text>
        {counted && (
          <Text className="hz-link hz-same-as-last" onClick={() => entry.setDraft(row.id, String(row.figure.onHand))}>
            同上次
          </Text>
        )}
      </View>
      {error && <Text className="hz-field-error">{error}</Text>}
    </View>
  );
});

const ReportForBody = observer(function ReportForBody() {
  const suppliers = useSuppliers();
  const entry = useReportFor();
  useEffect(() => {
    void suppliers.ensureLoaded();
  }, [suppliers]);
  const at = now();

  if (suppliers.status === 'idle' || suppliers.status === 'loading') return <LoadingLine text="正在加载供应商…" />;
  if (suppliers.status === 'error') {
    return (
      <EmptyState tone="error" title="供应商加载失败" description={suppliers.error ?? ''}>
        <Button type="primary" onClick={() => void suppliers.load()}>
          重试
        </Button>
      </EmptyState>
    );
  }
  if (suppliers.list.length === 0) return <EmptyState title="还没有供应商" description="先在「供应商」里新建供应商" />;
  const receipt = entry.receipt;
  const supplier = suppliers.find(entry.supplierId);
  return (
    <View className="hz-report-for">
      <Text className="hz-page-title hz-op-head">代报库存</Text>
      <Text className="hz-section-title">1. 选择供应商</Text>
      <SupplierPicker suppliers={suppliers.forEntry} value={entry.supplierId} showLevel disabled={entry.submitting} onChange={(id) => void entry.select(id)} />

      {receipt && (
        <View className="hz-banner hz-banner--success hz-receipt">
          <Text className="hz-banner-title">
            已代报 · {receipt.slot} · {formatTime(receipt.reportedAt, at)}
          </Text>
          <Text>
            {supplier?.name ?? ''} {receipt.lines.length} 个商品已更新，回执号 {receipt.reportId}
          </Text>
        </View>
      )}

      {!entry.supplierId ? (
        <EmptyState title="先选择供应商" description="群消息代报的供应商排在最前面" />
      ) : entry.status === 'loading' || entry.status === 'idle' ? (
        <LoadingLine text="正在加载商品…" />
      ) : entry.status === 'error' ? (
        <EmptyState tone="error" title="商品加载失败" description={entry.loadError ?? ''}>
          <Button type="primary" onClick={() => void entry.loadRows()}>
            重试
          </Button>
        </EmptyState>
      ) : entry.rows.length === 0 ? (
        <EmptyState title="这个供应商没有在售商品" />
      ) : (
        <View>
          <Text className="hz-section-title">2. 数字从哪来</Text>
          <View className="hz-card hz-note-card">
            <Input
              className="hz-note-input"
              value={entry.note}
              placeholder="如 微信群 08:05 张姐"
              maxLength={100}
              aria-label="来源说明"
              onChange={(text) => entry.setNote(text)}
            />
          </View>
          <Text className="hz-section-title">3. 填写件数（没提到的商品留空，不会改动）</Text>
          {entry.formError && (
            <View className="hz-banner hz-banner--error">
              <Text>{entry.formError}</Text>
            </View>
          )}
          {entry.rows.map((row) => (
            <EntryRow key={row.id} row={row} at={at} />
          ))}
          <View className="hz-bottom-bar">
            <Text className="hz-bottom-bar-info">已填 {entry.filledCount} 项</Text>
            <Button type="primary" className="hz-submit" loading={entry.submitting} disabled={entry.submitting} onClick={() => void entry.submit()}>
              提交代报
            </Button>
          </View>
        </View>
      )}
      <HeldDialog
        held={entry.dialog}
        resolving={entry.resolving}
        error={entry.heldError}
        onConfirm={(id) => void entry.confirmHeld(id)}
        onDiscard={(id) => void entry.discardHeld(id)}
      />
      <Notice notice={entry.notice} onClose={() => entry.dismissNotice()} />
    </View>
  );
});

export default function ReportForPage() {
  return (
    <OperatorPage>
      <ReportForBody />
    </OperatorPage>
  );
}
