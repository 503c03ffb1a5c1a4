// A supplier's system pushes stock (partner API, DESIGN §4 level `api`): a snapshot of
// counts, or changes as 微信小店's stock update names them (set, add, sub). Both become
// a report of counts; every bad item is named by its place in `items`, and nothing
// is guessed: a change to a SKU we hold no count of, or one that would go below
// zero, is refused rather than clamped.
import type { Issue } from './errors';
import { MAX_ON_HAND } from './limits';
import type { ReportLine } from './model';
import { type Catalogue, resolveCode } from './stock-import';

export type StockPushMode = 'snapshot' | 'delta';
export type StockOp = 'set' | 'add' | 'sub';

export interface StockItem {
  code: string;
  quantity: number;
  op?: StockOp;
}

export interface PushedLines {
  lines: ReportLine[];
  issues: Issue[];
}

/** Every item as a count, or every problem with the item it is in. */
export function pushedLines(mode: StockPushMode, items: readonly StockItem[], cat: Catalogue, lastCount: ReadonlyMap<string, number>): PushedLines {
  const lines: ReportLine[] = [];
  const issues: Issue[] = [];
  const firstIndexOf = new Map<string, number>();
  items.forEach((item, i) => {
    const at = `items[${i}]`;
    const refuse = (field: string, code: Issue['code'], message: string) => issues.push({ path: `${at}.${field}`, code, message: `${at}：${message}` });
    const op = item.op ?? (mode === 'snapshot' ? 'set' : undefined);
    if (op === undefined) return refuse('op', 'VALIDATION', 'delta 模式下每项都要写 op（set、add 或 sub）');
    if (mode === 'snapshot' && op !== 'set') return refuse('op', 'VALIDATION', `snapshot 模式是盘点数，op 只能是 set 或不写（收到 ${op}）`);
    const resolved = resolveCode(item.code, cat);
    if (!resolved.ok) return refuse('code', resolved.issue.code, resolved.issue.message);
    const { sku } = resolved;
    const earlier = firstIndexOf.get(sku.id);
    if (earlier !== undefined) return refuse('code', 'DUPLICATE_SKU', `商品 ${sku.id}（${sku.name}）与 items[${earlier}] 重复，每个商品只能出现一次`);
    firstIndexOf.set(sku.id, i);
    const onHand = countAfter(op, item.quantity, lastCount.get(sku.id));
    if (typeof onHand === 'string') return refuse('quantity', 'VALIDATION', onHand);
    lines.push({ skuId: sku.id, onHand });
  });
  return { lines, issues };
}

/** The count an operation leaves, or why it cannot be known. */
function countAfter(op: StockOp, quantity: number, last: number | undefined): number | string {
  if (op === 'set') return quantity;
  if (last === undefined) return `还没有这个商品的库存数，不能 ${op}，请先用 set 或 snapshot 报一次实数`;
  const next = op === 'add' ? last + quantity : last - quantity;
  if (next < 0) return `扣减 ${quantity} 后库存为负（当前记录 ${last}），请改用 set 报实数`;
  if (next > MAX_ON_HAND) return `增加 ${quantity} 后超过 ${MAX_ON_HAND}，请核对`;
  return next;
}
