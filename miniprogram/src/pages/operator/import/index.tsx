import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/nutui';
import { Progress } from '../../../components/nutui-forms';
import { HeldDialog } from '../../../components/HeldDialog';
import { Notice } from '../../../components/Notice';
import { ColumnMapper } from '../../../components/operator/ColumnMapper';
import { FilePicker } from '../../../components/operator/FilePicker';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { SourceNote } from '../../../components/operator/SourceNote';
import { SupplierPicker } from '../../../components/operator/SupplierPicker';
import { WithSuppliers } from '../../../components/operator/WithSuppliers';
import { now } from '../../../services/clock';
import { formatTime } from '../../../services/format';
import { useImporter, useSuppliers } from '../../../stores/operator';
import '../operator.scss';

/** Which worksheet and which count column the server read, when it had a choice. */
const ReadNotes = observer(function ReadNotes() {
  const importer = useImporter();
  return (
    <>
      {importer.readNotes.map((text) => (
        <Text key={text} className="hz-muted hz-import-read-note">
          {text}
        </Text>
      ))}
    </>
  );
});

const ImportResultView = observer(function ImportResultView() {
  const importer = useImporter();
  const at = now();
  if (importer.phase === 'uploading' || importer.phase === 'checking' || importer.phase === 'applying') {
    const percent = Math.round(importer.progress * 100);
    const label = importer.phase === 'uploading' ? `上传中… ${percent}%` : importer.phase === 'checking' ? '校验中…' : `生效中… ${percent}%`;
    return (
      <View className="hz-card hz-import-progress">
        <Text className="hz-import-phase">{label}</Text>
        <Progress percent={percent} showText={false} animated={importer.phase === 'checking'} />
        {importer.phase === 'checking' && <Text className="hz-muted">正在逐行检查商品编码和数量，全部正确才会生效</Text>}
        {importer.phase === 'applying' && <Text className="hz-muted">全部数量已通过校验并保存，正在逐个商品生效；关闭页面也会在后台继续</Text>}
      </View>
    );
  }
  if (importer.receipt) {
    const r = importer.receipt;
    return (
      <View className="hz-banner hz-banner--success hz-import-result">
        <Text className="hz-banner-title">导入成功 · {r.slot} · {formatTime(r.reportedAt, at)}</Text>
        <Text>
          表格共 {importer.lineCount} 行，{r.lines.length} 个商品已更新，回执号 {r.reportId}
        </Text>
        {importer.heldPart && <Text className="hz-import-held-part">{heldPartText(importer.heldPart)}</Text>}
        <ReadNotes />
      </View>
    );
  }
  if (importer.discarded) {
    return (
      <View className="hz-banner hz-banner--error hz-import-result">
        <Text className="hz-banner-title">已放弃这次导入</Text>
        <Text>库存保持上次的数字。改好表格后可重新上传</Text>
      </View>
    );
  }
  if (importer.phase === 'done' && importer.dialog) {
    return (
      <View className="hz-banner hz-banner--error hz-import-result">
        <Text className="hz-banner-title">有数量变化很大，等待确认</Text>
        <Text>确认无误后才会生效</Text>
        <ReadNotes />
      </View>
    );
  }
  if (importer.phase === 'failed') {
    return (
      <View className="hz-import-failure">
        <View className="hz-banner hz-banner--error hz-import-result">
          <Text className="hz-banner-title">{importer.badLines.length > 0 ? `有 ${importer.badLines.length} 行有误，没有导入任何数据` : '导入未成功'}</Text>
          <Text>{importer.badLines.length > 0 ? '请按下面的行号改好表格后重新上传' : importer.error}</Text>
        </View>
        {importer.badLines.length > 0 && (
          <View className="hz-card hz-bad-lines">
            {importer.shownBadLines.map((l) => (
              <Text key={l.line} className="hz-bad-line">
                {l.message}
              </Text>
            ))}
            {importer.shownBadLines.length < importer.badLines.length && (
              <Button size="small" fill="none" className="hz-bad-lines-more" onClick={() => importer.revealAllBadLines()}>
                显示全部 {importer.badLines.length} 行
              </Button>
            )}
          </View>
        )}
        <ColumnMapper importer={importer} />
      </View>
    );
  }
  return null;
});

function heldPartText(part: { count: number; outcome: 'waiting' | 'confirmed' | 'discarded' }): string {
  if (part.outcome === 'confirmed') return `另有 ${part.count} 个变化很大的商品已确认生效`;
  if (part.outcome === 'discarded') return `另有 ${part.count} 个变化很大的商品已放弃，保持上次的数字`;
  return `另有 ${part.count} 个商品变化很大，等待确认，确认无误后才会生效`;
}

const ImportBody = observer(function ImportBody() {
  const suppliers = useSuppliers();
  const importer = useImporter();
  const chosen = !!importer.supplierId;
  return (
    <View className="hz-import">
      <Text className="hz-page-title hz-op-head">导入库存表</Text>
      <Text className="hz-section-title">1. 选择供应商</Text>
      <SupplierPicker suppliers={suppliers.forEntry} value={importer.supplierId} showLevel disabled={importer.busy} onChange={(id) => importer.select(id)} />

      <Text className="hz-section-title">2. 下载模板（已列好这个供应商的商品）</Text>
      <View className="hz-card hz-template">
        <Button size="small" className="hz-template-xlsx" disabled={!chosen || importer.downloading !== null} loading={importer.downloading === 'xlsx'} onClick={() => void importer.downloadTemplate('xlsx')}>
          下载 Excel 模板
        </Button>
        <Button size="small" className="hz-template-csv" disabled={!chosen || importer.downloading !== null} loading={importer.downloading === 'csv'} onClick={() => void importer.downloadTemplate('csv')}>
          下载 CSV 模板
        </Button>
        <Text className="hz-muted">表头可用中文或英文：商品编码/SKU、库存/数量，可选 供应商编码</Text>
      </View>

      <Text className="hz-section-title">3. 选择填好的表格并上传</Text>
      <View className="hz-card hz-upload">
        <FilePicker file={importer.file} disabled={importer.busy} onPick={(f) => importer.pick(f)} onChoose={() => void importer.choose()} />
        <SourceNote value={importer.note} placeholder="来源说明（选填），如 张姐 微信发来的表格" onChange={(text) => importer.setNote(text)} />
        <Button type="primary" block className="hz-upload-button" disabled={!importer.canUpload} loading={importer.busy} onClick={() => void importer.upload()}>
          上传并导入
        </Button>
        {!chosen && <Text className="hz-muted">先选择供应商</Text>}
      </View>

      <ImportResultView />

      <HeldDialog
        held={importer.dialog}
        resolving={importer.resolving}
        discardText="放弃导入"
        onConfirm={(id) => void importer.confirmHeld(id)}
        onDiscard={(id) => void importer.discardHeld(id)}
      />
      <Notice notice={importer.notice} onClose={() => importer.dismissNotice()} />
    </View>
  );
});

export default function ImportPage() {
  return (
    <OperatorPage>
      <WithSuppliers>
        <ImportBody />
      </WithSuppliers>
    </OperatorPage>
  );
}
