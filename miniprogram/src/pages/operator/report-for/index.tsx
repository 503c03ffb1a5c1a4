import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Tag } from '../../../components/nutui';
import { CountBox } from '../../../components/CountBox';
import { EmptyState } from '../../../components/EmptyState';
import { LastCount } from '../../../components/LastCount';
import { LoadError } from '../../../components/LoadError';
import { HeldDialog } from '../../../components/HeldDialog';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { PasteBox } from '../../../components/PasteBox';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { SourceNote } from '../../../components/operator/SourceNote';
import { SupplierPicker } from '../../../components/operator/SupplierPicker';
import { WithSuppliers } from '../../../components/operator/WithSuppliers';
import { now } from '../../../services/clock';
import { formatTime } from '../../../services/format';
import type { OperatorSkuView } from '../../../services/types';
import { useReportFor, useSuppliers } from '../../../stores/operator';
import '../operator.scss';

const EntryRow = observer(function EntryRow({ row, at }: { row: OperatorSkuView; at: number }) {
  const entry = useReportFor();
  const error = entry.boxes.errors[row.id];
  const counted = row.figure.freshness !== null;
  return (
    <View className={`hz-card hz-report-row hz-entry-row${error ? ' hz-report-row--error' : ''}`}>
      <View className="hz-report-row-main">
        <View className="hz-report-row-info">
          <Text className="hz-sku-name">{row.name}</Text>
          <Text className="hz-sku-spec">
            {row.spec} · {row.id}
          </Text>
        </View>
        <CountBox
          boxes={entry.boxes}
          skuId={row.id}
          label={`${row.name} ${row.spec} 库存数量`}
          lastCount={row.figure.freshness ? row.figure.onHand : null}
          disabled={entry.submitting}
        />
      </View>
      <View className="hz-report-row-foot">
        <LastCount onHand={counted ? row.figure.onHand : null} freshness={row.figure.freshness} at={at} />
        {counted && !entry.isSame(row) && (
          <Text className="hz-link hz-same-as-last" onClick={() => entry.sameAsLastFor(row)}>
            与上次相同
          </Text>
        )}
        {entry.isSame(row) && (
          <Tag type="primary" plain className="hz-same-tag">
            与上次相同
          </Tag>
        )}
      </View>
      {error && <Text className="hz-field-error">{error}</Text>}
    </View>
  );
});

const MESSAGE_PLACEHOLDER = '把供应商在群里发的库存消息整段复制过来，如：\n苹果 30 香蕉20箱 橙子：五十\n今天没有草莓了';

/**
 * 粘贴群消息: the message read into the boxes below, which the operator sees and can change;
 * lines the parser is unsure of are listed with the SKUs they may be. Nothing is submitted here.
 */
const MessagePaste = observer(function MessagePaste() {
  const entry = useReportFor();
  return (
    <View className="hz-card hz-message-card">
      <PasteBox value={entry.message} placeholder={MESSAGE_PLACEHOLDER} label="粘贴群消息" disabled={entry.reading || entry.submitting} onChange={(text) => entry.setMessage(text)} />
      <View className="hz-row-between hz-message-actions">
        <Text className="hz-muted">识别后数字填进下面的框，核对后再提交</Text>
        <Button type="primary" size="small" loading={entry.reading} disabled={entry.reading || entry.submitting} onClick={() => void entry.readMessage()}>
          识别
        </Button>
      </View>
      {entry.messageError && <Text className="hz-field-error">{entry.messageError}</Text>}
      {entry.messageFilled !== null && (
        <Text className="hz-message-summary">
          已填入 {entry.messageFilled} 项{entry.flagged.length > 0 ? `，${entry.flagged.length} 行需要确认` : ''}
        </Text>
      )}
      {entry.flagged.map((line, i) => (
        <View key={`${line.lineNo}-${line.text}`} className="hz-message-flag">
          <Text className="hz-message-flag-text">第 {line.lineNo} 行：{line.text}</Text>
          <Text className="hz-field-error">{line.reason}</Text>
          {line.candidates.map((skuId) => (
            <View key={skuId} className="hz-jl-choice hz-message-choice" onClick={() => entry.chooseFlagged(i, skuId)}>
              <Text className="hz-jl-choice-name">{entry.names[skuId] ?? skuId}</Text>
              <Text className="hz-muted">{line.onHand !== undefined ? `填 ${line.onHand}` : '自己填数'}</Text>
            </View>
          ))}
          <Text className="hz-link hz-message-skip" onClick={() => entry.skipFlagged(i)}>
            {line.candidates.length > 0 ? '不填' : '知道了'}
          </Text>
        </View>
      ))}
    </View>
  );
});

const ReportForBody = observer(function ReportForBody() {
  const suppliers = useSuppliers();
  const entry = useReportFor();
  const at = now();

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
        <LoadError title="商品加载失败" message={entry.loadError} onRetry={() => void entry.loadRows()} />
      ) : entry.rows.length === 0 ? (
        <EmptyState title="这个供应商没有在售商品" />
      ) : (
        <View>
          <Text className="hz-section-title">2. 数字从哪来</Text>
          <View className="hz-card hz-note-card">
            <SourceNote value={entry.note} placeholder="如 微信群 08:05 张姐" onChange={(text) => entry.setNote(text)} />
          </View>
          <Text className="hz-section-title">3. 粘贴群消息（可不用，直接在下面填）</Text>
          <MessagePaste />
          <Text className="hz-section-title">4. 填写件数（没提到的商品留空，不会改动）</Text>
          {entry.formError && (
            <View className="hz-banner hz-banner--error">
              <Text>{entry.formError}</Text>
            </View>
          )}
          {entry.rows.map((row) => (
            <EntryRow key={row.id} row={row} at={at} />
          ))}
          <View className="hz-bottom-bar">
            <Text className="hz-bottom-bar-info">已填 {entry.boxes.filledCount} 项</Text>
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
      <WithSuppliers>
        <ReportForBody />
      </WithSuppliers>
    </OperatorPage>
  );
}
