// Reading platform order exports, pure: which platform, which columns, which rows form one
// order, and every line that cannot be trusted named by its row and column.
import { KNOWN_ORDER_HEADERS, platformOf } from '../../cloudfunctions/src/domain/order-headers';
import { type OrderSheet, importKey, readOrderHeader, readPlatformOrders } from '../../cloudfunctions/src/domain/order-import';
import { skus } from '../fixtures/import/catalogue';
import { KTT_HEADER, QJL_HEADER, YOUZAN_HEADER } from '../fixtures/import/order-exports';

const cells = (texts: readonly string[]) => texts.map((text, col) => ({ col, text }));
const sheet = (header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): OrderSheet => ({
  headerLine: 1, headers: cells(header), rows: rows.map((r, i) => ({ line: i + 2, cells: r.map(String) })),
});

describe('order export headers', () => {
  it('tells each platform by its own columns, and no platform from shared ones alone', () => {
    expect([platformOf(KTT_HEADER), platformOf(QJL_HEADER), platformOf(YOUZAN_HEADER)]).toEqual(['快团团', '群接龙', '有赞']);
    expect(platformOf(['订单号', '商品编码', '数量'])).toBeUndefined();
    // Both a 快团团 and an 有赞 telling column: a question, not a guess.
    expect(platformOf(['跟团号', '收货人/提货人', '数量'])).toBeUndefined();
  });

  it('keeps a source for every header', () => {
    expect(KNOWN_ORDER_HEADERS.filter((h) => h.source.trim() === '')).toEqual([]);
  });

  it('refuses two columns for one field and a missing quantity, naming them', () => {
    const two = readOrderHeader(1, cells(['跟团号', '商品', '数量', '收货人', '收货人姓名']));
    expect(two.ok || two.message).toBe('第1行的表头中有两列都是收货人（D列、E列），请只保留一列');
    const none = readOrderHeader(1, cells(['跟团号', '商品', '收货人']));
    expect(none.ok || none.message).toMatch(/^这份快团团订单导出缺少数量列/);
  });
});

describe('reading the rows', () => {
  const header = ['跟团号', '商品', '规格', '商品编码', '数量', '收货人'];
  it('groups a platform order\'s rows without an 订单号 by 跟团号, and says so', () => {
    const read = readPlatformOrders(sheet(header, [[7, '土鸡蛋', '30枚', 'EG001', 1, '王姐'], [7, '咸鸭蛋', '20枚', '', 2, '王姐'], [8, '皮蛋', '20枚', 'TJD-60', 1, '小李']]), { skus });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.data.issues).toEqual([]);
    expect(read.data.orders.map((o) => [o.orderNo, o.lines.map((l) => [l.skuId, l.qty, l.customer])])).toEqual([
      ['7', [['EG001', 1, '7号 王姐'], ['EG003', 2, '7号 王姐']]],
      // TJD-60 is EGGS' registered code for EG002: the code wins over the name.
      ['8', [['EG002', 1, '8号 小李']]],
    ]);
    expect(read.data.notes[0]).toMatch(/^表格里没有订单号列，按跟团号（A列）区分订单/);
  });

  it('reads a product by a word the operator set for the SKU (Sku.aliases), which without it names no SKU', () => {
    const rows = [[9, '咸蛋黄', '', '', 2, '王姐']] as const;
    const without = readPlatformOrders(sheet(header, rows), { skus });
    expect(without.ok && without.data.issues.map((i) => i.path)).toEqual(['line:2']);
    const withAlias = skus.map((k) => (k.id === 'EG003' ? { ...k, aliases: ['咸蛋黄'] } : k));
    const read = readPlatformOrders(sheet(header, rows), { skus: withAlias });
    expect(read.ok && read.data.issues).toEqual([]);
    expect(read.ok && read.data.orders.map((o) => o.lines.map((l) => [l.skuId, l.qty]))).toEqual([[['EG003', 2]]]);
  });

  it('names a code two SKUs share, a name matching several, a zero and an order with two customers', () => {
    const read = readPlatformOrders(sheet(header, [
      [1, '小白菜', '500克', 'TJD-30', 1, '王姐'], // TJD-30 is registered by two suppliers
      [2, '土鸡蛋', '', '', 1, '小李'], // 30枚 or 60枚?
      [3, '鸭蛋', '12枚', '', 0, '阿强'],
      [4, '鹅蛋', '6枚', '', 1, '甲'],
      [4, '鹅蛋', '6枚', '', 1, '乙'],
    ]), { skus });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.data.issues.map((i) => [i.path, i.message.replace(/（可能是.*$/, '')])).toEqual([
      ['line:2', '第2行：D列「商品编码」：编码 TJD-30 对应多个商品（EG001、VG001），请改填平台统一的商品编码'],
      ['line:3', expect.stringMatching(/^第3行：D列「商品编码」、B列「商品」「土鸡蛋」对不上唯一的商品/)],
      ['line:4', '第4行：E列「数量」：数量不能为 0'],
      ['line:6', '第6行：与第5行是同一单（4），收货人却不同（「4号 乙」与「4号 甲」），请核对订单号'],
    ]);
  });
});

describe('import keys', () => {
  it('fit the order path\'s key rule, and a number with other characters is hashed, the same way every time', () => {
    const rule = /^[A-Za-z0-9_-]{8,64}$/;
    expect(importKey('快团团', 'KTT202611250001')).toBe('imp-ktt-KTT202611250001');
    expect(importKey('群接龙', '接龙#12')).toMatch(rule);
    expect(importKey('群接龙', '接龙#12')).toBe(importKey('群接龙', '接龙#12'));
    expect(importKey('群接龙', '接龙#12')).not.toBe(importKey('群接龙', '接龙#13'));
    expect(importKey('有赞', 'E1', 2)).toBe('imp-yz-E1-r2');
    expect(importKey('有赞', 'x'.repeat(60))).toMatch(rule);
  });
});
