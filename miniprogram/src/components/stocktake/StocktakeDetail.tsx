import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Image, Text, View } from '@tarojs/components';
import { REASON_COLORS, svgDataUri, varianceChartSvg } from '../../services/chart';
import { countdownText, formatTime } from '../../services/format';
import { VARIANCE_REASONS, VARIANCE_REASON_LABELS } from '../../services/labels';
import { formatYuan } from '../../services/money';
import type { StocktakeLineView, StocktakeView } from '../../services/types';
import { type StocktakeDetailStore, lineName } from '../../stores/stocktake';
import { CountBox } from '../CountBox';
import { EmptyState } from '../EmptyState';
import { LoadError } from '../LoadError';
import { LoadingLine } from '../Loading';
import { Notice } from '../Notice';
import { Button, Dialog, Input, Tag } from '../nutui';

export const STOCKTAKE_TAG = { open: 'warning', counted: 'warning', confirmed: 'primary', approved: 'success', cancelled: 'default' } as const;

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
export const signedYuan = (fen: number): string => (fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen));

/** "差异 -10 件 · -¥215.28" (money only where the SKU has a cost). */
export const varianceText = (units: number, value: number | undefined): string =>
  units === 0 ? '无差异' : `${signed(units)} 件${value !== undefined && value !== 0 ? ` · ${signedYuan(value)}` : ''}`;

/** One SKU while counting: its name and an empty box (no book figure, no last count: the count is blind). */
const CountRow = observer(function CountRow({ store, line }: { store: StocktakeDetailStore; line: StocktakeLineView }) {
  const error = store.boxes.errors[line.skuId];
  return (
    <View className={`hz-card hz-stk-row hz-stk-count-row${error ? ' hz-stk-row--error' : ''}`}>
      <View className="hz-row-between">
        <View className="hz-stk-row-info">
          <Text className="hz-sku-name">{line.name}</Text>
          <Text className="hz-sku-spec">
            {line.spec}
            {line.supplierCode ? ` · 货号 ${line.supplierCode}` : ''}
          </Text>
        </View>
        <CountBox boxes={store.boxes} skuId={line.skuId} label={`${lineName(line)} 实盘数`} lastCount={null} disabled={store.busy !== null} />
      </View>
      {error && <Text className="hz-field-error">{error}</Text>}
    </View>
  );
});

/** The book figure's parts, as the server computed them at the counted moment. */
function BookParts({ line, now }: { line: StocktakeLineView; now: number }) {
  const book = line.book!;
  return (
    <View className="hz-stk-parts">
      <Text>
        上次报数 {book.countedAt > 0 ? `${book.countedOnHand} 件 · ${formatTime(book.countedAt, now)}` : '无（从未报数）'}
      </Text>
      {book.forwardedAtCount > 0 && <Text>报数时已扣除的未发货订单 +{book.forwardedAtCount} 件</Text>}
      <Text>报数后发货 −{book.shippedSince} 件</Text>
      <Text>预估其他渠道售出 −{Math.round(book.soldElsewhere * 10) / 10} 件</Text>
    </View>
  );
}

/** One SKU once counted: 账面数 (its parts on tap), 实盘数, 差异, and the reason it needs. */
const VarianceRow = observer(function VarianceRow({ store, line }: { store: StocktakeDetailStore; line: StocktakeLineView }) {
  const error = store.lineErrors[line.skuId];
  const reason = store.reasonOf(line);
  const editable = store.reasonsEditable && (line.needsReason || line.reason !== undefined);
  const variance = line.variance ?? 0;
  const name = lineName(line);
  return (
    <View className={`hz-card hz-stk-row${error ? ' hz-stk-row--error' : ''}${line.needsReason ? ' hz-stk-row--needs' : ''}`}>
      <View className="hz-stk-row-info">
        <Text className="hz-sku-name">{line.name}</Text>
        <Text className="hz-sku-spec">
          {line.spec}
          {line.supplierCode ? ` · 货号 ${line.supplierCode}` : ''}
        </Text>
      </View>
      <View className="hz-stk-figures">
        <View className="hz-stk-figure hz-stk-book" onClick={() => store.toggleParts(line.skuId)}>
          <Text className="hz-stk-figure-label">账面数 {store.openParts[line.skuId] ? '▴' : '▾'}</Text>
          <Text className="hz-stk-figure-value">{line.book ? Math.round(line.book.book * 10) / 10 : '—'}</Text>
        </View>
        <View className="hz-stk-figure hz-stk-counted">
          <Text className="hz-stk-figure-label">实盘数</Text>
          <Text className="hz-stk-figure-value">{line.counted}</Text>
        </View>
        <View className={`hz-stk-figure hz-stk-variance${variance < 0 ? ' hz-stk-variance--short' : variance > 0 ? ' hz-stk-variance--over' : ''}`}>
          <Text className="hz-stk-figure-label">差异</Text>
          <Text className="hz-stk-figure-value">{varianceText(variance, line.varianceValue)}</Text>
        </View>
      </View>
      {store.openParts[line.skuId] && line.book && <BookParts line={line} now={store.now} />}
      {editable ? (
        <View className="hz-stk-reason">
          <Text className="hz-stk-reason-title">{line.needsReason ? '差异原因（必选）' : '差异原因'}</Text>
          <View className="hz-stk-reason-chips" aria-label={`${name} 差异原因`}>
            {VARIANCE_REASONS.map((r) => (
              <Text key={r} className={`hz-stk-chip${reason === r ? ' hz-stk-chip--active' : ''}`} onClick={() => store.setReason(line.skuId, r)}>
                {VARIANCE_REASON_LABELS[r]}
              </Text>
            ))}
          </View>
          <Input
            className="hz-text-input hz-stk-note"
            value={store.noteOf(line)}
            placeholder={reason === 'other' ? '选了“其他”，请写明原因（必填）' : '补充说明（选填）'}
            maxLength={100}
            aria-label={`${name} 差异说明`}
            onChange={(text) => store.setNote(line.skuId, text)}
          />
        </View>
      ) : (
        (line.reasonName || line.note) && (
          <Text className="hz-stk-reason-text">
            原因：{line.reasonName ?? '—'}
            {line.note ? `（${line.note}）` : ''}
          </Text>
        )
      )}
      {!editable && line.needsReason && !line.reason && <Text className="hz-field-warning">差异较大，需说明原因</Text>}
      {error && <Text className="hz-field-error">{error}</Text>}
    </View>
  );
});

/** Variance by reason: bars in the SVG, the reasons' names beside the same colors. */
function ReasonChart({ view }: { view: StocktakeView }) {
  const groups = view.byReason;
  if (groups.length === 0) return null;
  const uri = svgDataUri(varianceChartSvg(groups.map((g) => ({ units: g.units, value: g.value, color: REASON_COLORS[g.reason] ?? '#6e7781' }))));
  return (
    <View className="hz-card hz-stk-chart">
      <Text className="hz-section-title">差异按原因</Text>
      <Image className="hz-stk-chart-image" src={uri} mode="widthFix" aria-label="差异按原因图" />
      <View className="hz-stk-legend">
        {groups.map((g) => (
          <View key={g.reason} className={`hz-stk-legend-item hz-stk-legend-item--${g.reason}`}>
            <View className="hz-stk-legend-mark" style={{ background: REASON_COLORS[g.reason] ?? '#6e7781' }} />
            <Text>
              {g.reasonName} · {g.lines} 个商品 · {varianceText(g.units, g.value)}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/** Who did what when. */
function History({ view, now }: { view: StocktakeView; now: number }) {
  return (
    <View className="hz-stk-history">
      <Text className="hz-section-title">记录</Text>
      <View className="hz-card">
        {[...view.history].reverse().map((e, i) => (
          <View key={`${e.at}-${e.action}-${i}`} className={`hz-stk-event hz-stk-event--${e.action}`}>
            <Text className="hz-stk-event-head">
              {formatTime(e.at, now)} · {e.actionName} · {e.by === 'system' ? '系统' : e.byName}
            </Text>
            {e.note && <Text className="hz-muted">{e.note}</Text>}
          </View>
        ))}
      </View>
    </View>
  );
}

/** What the stocktake waits for, at the top of the page. */
function StatusBanner({ store, view, onBehalf }: { store: StocktakeDetailStore; view: StocktakeView; onBehalf: boolean }) {
  const now = store.now;
  if (store.counting) {
    return (
      <View className={`hz-banner ${view.overdue ? 'hz-banner--error' : 'hz-banner--warning'} hz-stk-banner`}>
        <Text className="hz-banner-title">
          {onBehalf ? '代供应商录入盘点数' : '请清点仓库里每个商品的实物件数'} · 请在 {formatTime(view.dueAt, now)} 前提交
        </Text>
        <Text>
          {onBehalf
            ? `请先与 ${view.supplierName} 核实每个商品的实盘数；提交后记录为运营代录。`
            : '不显示账面数：数完全部商品提交后，才会对比账面数、显示差异。没有货请填 0。'}
          {view.overdue ? ` 已超过盘点期限（${countdownText(view.dueAt, now)}）。` : ''}
        </Text>
      </View>
    );
  }
  const text: Record<StocktakeView['status'], string> = {
    open: '',
    counted: onBehalf ? '等待供应商确认盘点；差异原因可以代为填写。' : `请核对差异：${view.reasonRule}。确认后交运营审核。`,
    confirmed: onBehalf ? '供应商已确认，请核对差异和原因后审核。' : '已确认，等待运营审核。',
    approved: '已审核通过，实盘数已作为新的库存数入账。',
    cancelled: '这次盘点已取消。',
  };
  const newer = view.applied?.newerCounts.length ?? 0;
  return (
    <View className={`hz-banner ${view.status === 'approved' ? 'hz-banner--success' : view.overdue ? 'hz-banner--error' : 'hz-banner--warning'} hz-stk-banner`}>
      <Text>{text[view.status]}</Text>
      {view.status === 'approved' && !view.applied && <Text>盘点数还没有全部入账，请点“继续入账”。</Text>}
      {newer > 0 && <Text>{newer} 个商品盘点后已有新报数，以新报数为准。</Text>}
      {view.overdue && <Text>已超过期限（{formatTime(view.dueAt, now)}）。</Text>}
    </View>
  );
}

interface StocktakeDetailProps {
  store: StocktakeDetailStore;
  /** The operator's page: counting on the supplier's behalf, the chart and the sign-off buttons. */
  onBehalf?: boolean;
}

/** One stocktake: the blind count, then the variances with their reasons, the sign-offs and the history. */
export const StocktakeDetail = observer(function StocktakeDetail({ store, onBehalf = false }: StocktakeDetailProps) {
  useEffect(() => {
    void store.load();
  }, [store]);

  if (store.status === 'idle' || store.status === 'loading') return <LoadingLine text="正在加载盘点…" />;
  if (store.status === 'error' || !store.view) return <LoadError title="盘点加载失败" message={store.error} onRetry={() => void store.load()} />;
  const view = store.view;
  const now = store.now;
  const counted = !store.counting && view.countedAt !== undefined;
  const filled = view.lines.length - store.emptyBoxes.length;
  return (
    <View className="hz-stk">
      <View className="hz-row-between hz-stk-head">
        <View className="hz-stk-head-text">
          <Text className="hz-page-title">{view.supplierName} · 盘点对账</Text>
          <Text className="hz-muted">
            {formatTime(view.openedAt, now)} 由 {view.openedByName} 发起 · {view.lines.length} 个商品
          </Text>
          {view.countedAt !== undefined && (
            <Text className="hz-muted">
              {formatTime(view.countedAt, now)} {view.countedByName} 录入盘点数
              {view.confirmedAt !== undefined ? ` · ${formatTime(view.confirmedAt, now)} ${view.confirmedByName} 确认` : ''}
              {view.approvedAt !== undefined ? ` · ${formatTime(view.approvedAt, now)} ${view.approvedByName} 审核` : ''}
            </Text>
          )}
        </View>
        <View className="hz-stk-head-tags">
          {view.overdue && <Tag type="danger">已逾期</Tag>}
          <Tag type={STOCKTAKE_TAG[view.status]} className="hz-stk-status">
            {view.statusName}
          </Tag>
        </View>
      </View>

      <StatusBanner store={store} view={view} onBehalf={onBehalf} />

      {counted && (
        <View className="hz-card hz-stk-totals">
          <Text>
            账面 {Math.round(view.totals.book * 10) / 10} 件 · 实盘 {view.totals.counted} 件 · 差异 {varianceText(Math.round(view.totals.variance * 10) / 10, view.totals.value)}
          </Text>
          <Text className="hz-muted">{view.reasonRule}</Text>
        </View>
      )}

      {counted && (
        <View className="hz-inline-actions hz-stk-tools">
          <Button size="small" fill="outline" className="hz-stk-export" loading={store.busy === 'export'} disabled={store.busy !== null} onClick={() => void store.exportXlsx()}>
            导出对账表
          </Button>
          {store.canRecount && (
            <Button size="small" fill="outline" className="hz-stk-recount" disabled={store.busy !== null} onClick={() => store.startRecount()}>
              {onBehalf ? '重新代录盘点数' : '重新盘点'}
            </Button>
          )}
        </View>
      )}

      {store.counting && store.canCancel && (
        <View className="hz-inline-actions hz-stk-tools">
          <Button size="small" fill="outline" className="hz-stk-cancel" disabled={store.busy !== null} onClick={() => store.ask('cancel')}>
            取消盘点
          </Button>
        </View>
      )}

      {store.counting && view.lines.length === 0 && <EmptyState title="没有在售商品" description="这家供应商没有在售的商品，无需盘点" />}
      {store.counting ? view.lines.map((line) => <CountRow key={line.skuId} store={store} line={line} />) : view.lines.map((line) => <VarianceRow key={line.skuId} store={store} line={line} />)}

      {store.formError && (
        <View className="hz-banner hz-banner--error hz-stk-error">
          <Text>{store.formError}</Text>
        </View>
      )}

      {counted && <ReasonChart view={view} />}
      {onBehalf && <History view={view} now={now} />}

      {store.counting && view.lines.length > 0 && (
        <View className="hz-bottom-bar">
          <View className="hz-bottom-bar-info">
            <Text>
              已填 {filled}/{view.lines.length} 项
            </Text>
            {store.recounting && (
              <Text className="hz-link hz-stk-stop-recount" onClick={() => store.stopRecount()}>
                不重盘了
              </Text>
            )}
          </View>
          <Button type="primary" className="hz-stk-submit" loading={store.busy === 'count'} disabled={store.busy !== null} onClick={() => void store.submitCount()}>
            {onBehalf ? '提交代录盘点数' : '提交盘点'}
          </Button>
        </View>
      )}
      {!store.counting && (store.reasonsEditable || store.canConfirm || store.canApprove || store.canReturn || store.canCancel) && (
        <View className="hz-bottom-bar hz-stk-actions">
          {store.canCancel && (
            <Button size="small" className="hz-stk-cancel" disabled={store.busy !== null} onClick={() => store.ask('cancel')}>
              取消盘点
            </Button>
          )}
          {store.canReturn && (
            <Button size="small" className="hz-stk-return" disabled={store.busy !== null} onClick={() => store.ask('return')}>
              退回重盘
            </Button>
          )}
          {store.reasonsEditable && store.changedReasons.length > 0 && !store.canConfirm && (
            <Button size="small" type="primary" fill="outline" className="hz-stk-save-reasons" loading={store.busy === 'reasons'} disabled={store.busy !== null} onClick={() => void store.saveReasons()}>
              保存原因
            </Button>
          )}
          {store.canConfirm && (
            <Button type="primary" className="hz-stk-confirm" loading={store.busy === 'confirm'} disabled={store.busy !== null} onClick={() => store.ask('confirm')}>
              确认盘点
            </Button>
          )}
          {store.canApprove && (
            <Button type="primary" className="hz-stk-approve" loading={store.busy === 'approve'} disabled={store.busy !== null || store.changedReasons.length > 0} onClick={() => store.ask('approve')}>
              {view.status === 'approved' ? '继续入账' : '审核通过'}
            </Button>
          )}
        </View>
      )}
      {onBehalf && view.status === 'confirmed' && store.changedReasons.length > 0 && (
        <Text className="hz-field-warning hz-stk-reexplain">修改原因后，需要供应商重新确认才能审核</Text>
      )}

      <Dialog
        className="hz-stk-ask"
        visible={store.asking === 'confirm' || store.asking === 'approve'}
        title={store.asking === 'approve' ? (view.status === 'approved' ? '继续入账？' : '审核通过？') : '确认盘点？'}
        content={store.asking === 'approve' ? store.approveText : store.confirmText}
        confirmText={store.asking === 'approve' ? '审核通过并入账' : '确认盘点'}
        cancelText="再看看"
        onConfirm={() => void (store.asking === 'approve' ? store.approve() : store.confirm())}
        onCancel={() => store.cancelAsk()}
      />
      <Dialog
        className="hz-stk-ask-note"
        visible={store.asking === 'return' || store.asking === 'cancel'}
        title={store.asking === 'return' ? '退回重盘？' : '取消这次盘点？'}
        content={
          <View className="hz-stk-ask-body">
            <Text>
              {store.asking === 'return'
                ? `退回后 ${view.supplierName} 需要重新清点并提交，这次的盘点数保留在记录里。`
                : '取消后这次盘点不再进行，盘点数不会入账。'}
            </Text>
            <Input
              className="hz-text-input hz-stk-ask-input"
              value={store.askNote}
              placeholder={store.asking === 'return' ? '退回原因（必填），如：砂糖橘数量存疑，请复点' : '取消原因（必填）'}
              maxLength={100}
              aria-label={store.asking === 'return' ? '退回原因' : '取消原因'}
              onChange={(text) => store.setAskNote(text)}
            />
            {store.askNoteError && <Text className="hz-field-error">{store.askNoteError}</Text>}
          </View>
        }
        confirmText={store.asking === 'return' ? '退回重盘' : '取消盘点'}
        cancelText="再看看"
        onConfirm={() => void store.finishAsk()}
        onCancel={() => store.cancelAsk()}
      />
      <Notice notice={store.notice} onClose={() => store.dismissNotice()} />
    </View>
  );
});
