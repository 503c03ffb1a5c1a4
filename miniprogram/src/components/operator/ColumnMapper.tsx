import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import type { ImporterStore, MapField } from '../../stores/operator/importer';
import { Button } from '../nutui';

const FIELDS: Array<{ field: MapField; label: string; hint: string }> = [
  { field: 'code', label: '商品编码列', hint: '平台商品编码或供应商登记的编码' },
  { field: 'supplierCode', label: '供应商编码列（可选）', hint: '供应商自己的货号' },
  { field: 'qty', label: '库存数量列', hint: '现有件数' },
];

/**
 * A stock file whose headers we do not know: the headers found (and the near misses), one
 * row of them per field to tap, then 按这个对应导入. The server remembers the choice for the
 * supplier, so the next file with the same headers imports by itself.
 */
export const ColumnMapper = observer(function ColumnMapper({ importer }: { importer: ImporterStore }) {
  const m = importer.mappable;
  if (!m) return null;
  return (
    <View className="hz-card hz-column-mapper">
      <Text className="hz-section-title">手动对应列</Text>
      <Text className="hz-muted">表格里的列名：{m.headers.map((h) => `「${h}」`).join('')}</Text>
      {m.nearMisses.length > 0 && (
        <Text className="hz-muted hz-near-misses">相近的列名：{m.nearMisses.map((n) => `「${n.found}」（可能是「${n.like}」）`).join('、')}</Text>
      )}
      {FIELDS.map(({ field, label, hint }) => (
        <View key={field} className={`hz-map-row hz-map-row--${field}`}>
          <Text className="hz-map-label">{label}</Text>
          <Text className="hz-muted">{hint}</Text>
          <View className="hz-map-choices">
            {m.headers.map((h) => (
              <Button
                key={h}
                size="small"
                type={importer.mapped[field] === h ? 'primary' : 'default'}
                className={`hz-map-choice${importer.mapped[field] === h ? ' hz-map-choice--on' : ''}`}
                disabled={importer.busy}
                onClick={() => importer.chooseColumn(field, h)}
              >
                {h}
              </Button>
            ))}
          </View>
        </View>
      ))}
      <Button type="primary" block className="hz-map-import" disabled={!importer.canImportMapped} loading={importer.busy} onClick={() => void importer.importMapped()}>
        按这个对应导入
      </Button>
      <Text className="hz-muted">会记住这个供应商的列对应，下次表头相同的表格自动按它导入</Text>
    </View>
  );
});
