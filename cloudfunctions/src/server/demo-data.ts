// Demo world for `npm start`: one supplier at each integration level (DESIGN §4),
// about thirty SKUs a community group would really sell, three leaders, an operator.
import type { Sku, Supplier, User } from '../domain/model';

export const DEMO_SUPPLIERS: Supplier[] = [
  { id: 'S01', name: '鲜丰冷链仓', level: 'api', reportTimes: ['08:00', '20:00'], basis: 'available', contact: '小赵 138-0000-0101' },
  { id: 'S02', name: '赣南果园直供', level: 'portal', reportTimes: ['08:00', '20:00'], basis: 'physical', contact: '老李 138-0000-0202' },
  // Rules-level suppliers report by WeChat group message: larger buffers apply (DESIGN §4).
  { id: 'S03', name: '山里土鸡蛋合作社', level: 'rules', reportTimes: ['08:00', '20:00'], basis: 'physical', contact: '张姐 138-0000-0303', bufferPolicy: { ratio: 0.3, fixed: 3 } },
];

type SkuRow = [id: string, name: string, spec: string, category: string, priceYuan: number, onHand: number];

const ROWS: Record<string, SkuRow[]> = {
  S01: [
    ['HZ1001', '五常稻花香大米', '5kg/袋', '粮油', 69.9, 160],
    ['HZ1002', '金龙鱼花生油', '5L/桶', '粮油', 129, 48],
    ['HZ1003', '蒙牛纯牛奶', '250ml×24盒', '乳品饮料', 59.9, 90],
    ['HZ1004', '伊利安慕希原味酸奶', '205g×12瓶', '乳品饮料', 54.9, 36],
    ['HZ1005', '农夫山泉饮用天然水', '550ml×24瓶', '乳品饮料', 29.9, 210],
    ['HZ1006', '海天金标生抽', '1.9L/瓶', '粮油', 19.9, 75],
    ['HZ1007', '思念猪肉白菜水饺', '1kg/袋', '冻品', 25.9, 12],
    ['HZ1008', '三全黑芝麻汤圆', '1kg/袋', '冻品', 22.9, 0],
    ['HZ1009', '冷冻去壳虾仁', '500g/袋', '冻品', 45.9, 26],
    ['HZ1010', '巴沙鱼柳', '1kg/袋', '冻品', 32.9, 55],
  ],
  S02: [
    ['HZ2001', '赣南脐橙', '5斤装 果径75-80mm', '水果', 29.9, 120],
    ['HZ2002', '赣南脐橙', '10斤装 果径80-85mm', '水果', 52.9, 40],
    ['HZ2003', '广西砂糖橘', '3斤装', '水果', 15.9, 85],
    ['HZ2004', '四川沃柑', '5斤装', '水果', 24.9, 60],
    ['HZ2005', '丹东红颜草莓', '2斤礼盒', '水果', 59.9, 8],
    ['HZ2006', '海南贵妃芒', '5斤装', '水果', 34.9, 30],
    ['HZ2007', '阿克苏冰糖心苹果', '5斤装 果径80mm+', '水果', 32.9, 70],
    ['HZ2008', '库尔勒香梨', '5斤装', '水果', 27.9, 45],
    ['HZ2009', '云南蓝莓', '125g×4盒', '水果', 39.9, 24],
    ['HZ2010', '烟台红富士苹果', '8斤装', '水果', 36.9, 0],
  ],
  S03: [
    ['HZ3001', '散养土鸡蛋', '30枚/箱', '蛋禽', 36.9, 100],
    ['HZ3002', '散养土鸡蛋', '60枚/箱', '蛋禽', 69.9, 35],
    ['HZ3003', '红心咸鸭蛋', '20枚/盒', '蛋禽', 32.9, 50],
    ['HZ3004', '新鲜鸭蛋', '20枚/盒', '蛋禽', 26.9, 40],
    ['HZ3005', '鹌鹑蛋', '50枚/盒', '蛋禽', 18.9, 65],
    ['HZ3006', '松花皮蛋', '20枚/盒', '蛋禽', 24.9, 28],
    ['HZ3007', '乌鸡蛋', '30枚/箱', '蛋禽', 49.9, 15],
    ['HZ3008', '农家散养土鸡', '约2.5斤/只', '蛋禽', 88, 18],
    ['HZ3009', '老母鸡', '约3斤/只', '蛋禽', 98, 6],
    ['HZ3010', '土鸡蛋礼盒', '40枚 送礼装', '蛋禽', 79.9, 20],
  ],
};

/** Suppliers' own codes: the fruit farm numbers its boxes, the co-op uses short letters. */
const SUPPLIER_CODE_PREFIX: Record<string, string | undefined> = { S02: 'GN-', S03: 'SL-' };

export const DEMO_SKUS: Sku[] = Object.entries(ROWS).flatMap(([supplierId, rows]) =>
  rows.map(([id, name, spec, category, priceYuan], i) => {
    const prefix = SUPPLIER_CODE_PREFIX[supplierId];
    return {
      id, supplierId, name, spec, category, price: Math.round(priceYuan * 100),
      // Group-buying margins run thin: cost about 72% of the sale price.
      cost: Math.round(priceYuan * 72),
      ...(prefix ? { supplierCode: `${prefix}${String(i + 1).padStart(3, '0')}` } : {}),
      listed: true, warningLine: 10,
    };
  }),
);

/** Yesterday evening's counts, so leaders see numbers before the first report of the day. */
export const DEMO_OPENING_COUNTS: Record<string, Array<{ skuId: string; onHand: number }>> = Object.fromEntries(
  Object.entries(ROWS).map(([supplierId, rows]) => [supplierId, rows.map(([skuId, , , , , onHand]) => ({ skuId, onHand }))]),
);

export const DEMO_USERS: User[] = [
  { id: 'U-OP1', name: '周晓（运营）', role: 'operator', inviteCode: 'DEMO-OP', demo: true },
  { id: 'U-S01', name: '冷链仓小赵', role: 'supplier', supplierId: 'S01', inviteCode: 'DEMO-S01', demo: true },
  { id: 'U-S02', name: '果园老李', role: 'supplier', supplierId: 'S02', inviteCode: 'DEMO-S02', demo: true },
  { id: 'U-S03', name: '合作社张姐', role: 'supplier', supplierId: 'S03', inviteCode: 'DEMO-S03', demo: true },
  { id: 'U-L01', name: '王姐', role: 'leader', community: '阳光小区', pickupPoint: '阳光小区 3号楼 便利店', phone: '13800001001', address: '杭州市西湖区文三路 88 号阳光小区 3 号楼底商', inviteCode: 'DEMO-L01', demo: true },
  { id: 'U-L02', name: '小刘', role: 'leader', community: '翠苑一区', pickupPoint: '翠苑一区 东门快递柜旁', phone: '13800001002', address: '杭州市西湖区翠苑街道翠苑一区东门', inviteCode: 'DEMO-L02', demo: true },
  { id: 'U-L03', name: '陈阿姨', role: 'leader', community: '金色家园', pickupPoint: '金色家园 12幢 1单元', phone: '13800001003', address: '杭州市拱墅区金色家园 12 幢 1 单元 101', inviteCode: 'DEMO-L03', demo: true },
];
