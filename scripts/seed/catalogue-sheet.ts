// The catalogue workbook an operator fills in to start: 供应商, 商品 and 人员 sheets with
// Chinese headers. Read whole and checked before anything is written: every bad cell is
// named by sheet, row and column, and a workbook with any of them seeds nothing. What a
// person typed is never rounded or guessed (a price with three decimals is an error).
import type ExcelJS from 'exceljs';
import type { IntegrationLevel, ReportBasis, Role } from '../../cloudfunctions/src/domain/model';

export interface SupplierRow { row: number; id: string; name: string; level: IntegrationLevel; reportTimes: string[]; basis: ReportBasis; contact?: string }
export interface SkuRow {
  row: number; id: string; supplierId: string; name: string; spec: string; category: string;
  price: number; cost?: number; supplierCode?: string; warningLine: number; listed: boolean;
}
export interface PersonRow { row: number; name: string; role: Role; supplierId?: string; community?: string }

export interface Catalogue { suppliers: SupplierRow[]; skus: SkuRow[]; people: PersonRow[] }

export const SHEETS = {
  suppliers: { name: '供应商', headers: ['供应商编码', '名称', '对接方式', '报数时间', '库存口径', '联系人'] },
  skus: { name: '商品', headers: ['商品编码', '供应商编码', '名称', '规格', '分类', '售价（元）', '成本（元）', '供应商商品码', '预警线', '上架'] },
  people: { name: '人员', headers: ['姓名', '角色', '供应商编码', '小区'] },
} as const;

const LEVELS: Record<string, IntegrationLevel> = { 接口对接: 'api', 小程序报数: 'portal', 群消息代报: 'rules', api: 'api', portal: 'portal', rules: 'rules' };
const BASES: Record<string, ReportBasis> = { 实物: 'physical', 可售: 'available', physical: 'physical', available: 'available' };
const ROLES: Record<string, Role> = { 运营: 'operator', 供应商: 'supplier', 团长: 'leader' };
const YES = new Set(['是', 'Y', 'y', '1', 'TRUE', 'true', '上架']);
const NO = new Set(['否', 'N', 'n', '0', 'FALSE', 'false', '下架']);

/** What the cell shows, as text: numbers as Excel stores them, rich text joined, formulas by their result. */
function text(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && v !== null) {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('').trim();
    if ('result' in o) return String(o.result ?? '').trim();
    if (typeof o.text === 'string') return o.text.trim();
  }
  return String(v).trim();
}

/** Yuan as typed (at most two decimals) into fen; undefined when it is not such an amount. */
export function yuanToFen(typed: string): number | undefined {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(typed.replace(/^[¥￥]/, ''));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
}

export interface SheetIssue { sheet: string; row: number; column?: string; message: string }

export function readCatalogue(workbook: ExcelJS.Workbook): { catalogue: Catalogue; issues: SheetIssue[] } {
  const issues: SheetIssue[] = [];
  const catalogue: Catalogue = { suppliers: [], skus: [], people: [] };
  for (const key of Object.keys(SHEETS) as Array<keyof typeof SHEETS>) {
    const { name, headers } = SHEETS[key];
    const sheet = workbook.getWorksheet(name);
    if (!sheet) {
      issues.push({ sheet: name, row: 0, message: `缺少工作表「${name}」（可用 npm run seed -- --template 生成模板）` });
      continue;
    }
    const columns = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => columns.set(text(cell), col));
    const missing = headers.filter((h) => !columns.has(h));
    if (missing.length > 0) {
      issues.push({ sheet: name, row: 1, message: `表头缺少：${missing.join('、')}` });
      continue;
    }
    sheet.eachRow((row, r) => {
      if (r === 1) return;
      const get = (h: string): string => text(row.getCell(columns.get(h)!));
      if (headers.every((h) => get(h) === '')) return;
      const bad = (column: string, message: string) => issues.push({ sheet: name, row: r, column, message });
      if (key === 'suppliers') readSupplier(catalogue, r, get, bad);
      else if (key === 'skus') readSku(catalogue, r, get, bad);
      else readPerson(catalogue, r, get, bad);
    });
  }
  return { catalogue, issues };
}

type Get = (header: string) => string;
type Bad = (column: string, message: string) => void;

function required(get: Get, bad: Bad, header: string): string {
  const v = get(header);
  if (!v) bad(header, '必填');
  return v;
}

function readSupplier(c: Catalogue, row: number, get: Get, bad: Bad): void {
  const level = LEVELS[get('对接方式') || '小程序报数'];
  if (!level) bad('对接方式', `「${get('对接方式')}」应为 接口对接、小程序报数 或 群消息代报`);
  const basis = BASES[get('库存口径') || '实物'];
  if (!basis) bad('库存口径', `「${get('库存口径')}」应为 实物 或 可售`);
  const reportTimes = (get('报数时间') || '08:00 20:00').split(/[\s,，、;；]+/).filter(Boolean);
  const wrongTime = reportTimes.find((t) => !/^([01]\d|2[0-3]):[0-5]\d$/.test(t));
  if (wrongTime) bad('报数时间', `「${wrongTime}」不是 时:分 的时间，例如 08:00`);
  const contact = get('联系人');
  c.suppliers.push({ row, id: required(get, bad, '供应商编码'), name: required(get, bad, '名称'), level: level!, reportTimes, basis: basis!, ...(contact ? { contact } : {}) });
}

function readSku(c: Catalogue, row: number, get: Get, bad: Bad): void {
  const price = yuanToFen(required(get, bad, '售价（元）'));
  if (get('售价（元）') && price === undefined) bad('售价（元）', `「${get('售价（元）')}」不是金额（最多两位小数，例如 29.90）`);
  const costText = get('成本（元）');
  const cost = costText ? yuanToFen(costText) : undefined;
  if (costText && cost === undefined) bad('成本（元）', `「${costText}」不是金额（最多两位小数）`);
  const lineText = get('预警线') || '10';
  if (!/^\d{1,6}$/.test(lineText)) bad('预警线', `「${lineText}」应为不小于 0 的整数`);
  const listedText = get('上架') || '是';
  if (!YES.has(listedText) && !NO.has(listedText)) bad('上架', `「${listedText}」应为 是 或 否`);
  const supplierCode = get('供应商商品码');
  c.skus.push({
    row, id: required(get, bad, '商品编码'), supplierId: required(get, bad, '供应商编码'), name: required(get, bad, '名称'), spec: get('规格'),
    category: required(get, bad, '分类'), price: price ?? 0, ...(cost !== undefined ? { cost } : {}), ...(supplierCode ? { supplierCode } : {}),
    warningLine: Number(lineText), listed: YES.has(listedText),
  });
}

function readPerson(c: Catalogue, row: number, get: Get, bad: Bad): void {
  const role = ROLES[required(get, bad, '角色')];
  if (get('角色') && !role) bad('角色', `「${get('角色')}」应为 运营、供应商 或 团长`);
  const supplierId = get('供应商编码');
  const community = get('小区');
  if (role === 'supplier' && !supplierId) bad('供应商编码', '供应商人员要填所属供应商的编码');
  if (role === 'leader' && !community) bad('小区', '团长要填小区');
  c.people.push({
    row, name: required(get, bad, '姓名'), role: role!, ...(role === 'supplier' && supplierId ? { supplierId } : {}), ...(role === 'leader' && community ? { community } : {}),
  });
}

/** An empty workbook with the three sheets and their headers, and a sheet that explains them. */
export function writeTemplate(workbook: ExcelJS.Workbook): void {
  const guide = workbook.addWorksheet('说明');
  guide.addRows([
    ['货准 初始数据模板：填好 供应商、商品、人员 三张表后运行 npm run seed -- --file 本文件'],
    ['带 * 的列必填；对接方式：接口对接 / 小程序报数 / 群消息代报（默认小程序报数）；库存口径：实物 / 可售（默认实物）'],
    ['报数时间用空格或逗号分开，例如 08:00 20:00；售价、成本以元为单位，最多两位小数；上架填 是 或 否（默认是）'],
    ['人员的角色：运营 / 供应商 / 团长；供应商人员填供应商编码，团长填小区。导入后会列出每个人的邀请码'],
    ['同一个文件可以重复导入：已有的供应商、商品和人员会被更新，不会重复创建'],
  ]);
  for (const { name, headers } of Object.values(SHEETS)) workbook.addWorksheet(name).addRow([...headers]);
}
