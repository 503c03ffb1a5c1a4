// bench/jielong: how long a leader waits for a pasted 群接龙 list. A 2,000-line list in the
// shapes real lists have (a header, numbered customers with nicknames and room numbers,
// several items a line, counts written ×2 / 2份 / 两盒, remarks, 同上, a cancellation, a
// changed count, a re-pasted stretch of the chain; items from a day's offer of 150 SKUs and now
// and then any other) against a 3,000-SKU catalogue, parsed
// by parseJielong, beside a plain line split of the same text with a trivial regex per
// line, in the same run. Both are generated deterministically (same text every run).
// Goal: the parse under 200 ms (it runs while the leader waits on the order page).
// Timed twice, one after the other: bundled and minified as the deployed cloud functions are built
// (cloudfunctions/build.ts), and as tsx runs it (the self-hosted server: every call between
// modules goes through a getter, and names are kept).
// Run: npm run bench:jielong [-- runs]   (the median of the runs after a warm-up; default 7)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_TARGET } from '../cloudfunctions/functions';
import { type CatalogueEntry, jielongToOrderLines, parseJielong } from '../cloudfunctions/src/domain/jielong';
import { mulberry32 } from '../simulator/random';

const RUNS = Math.max(1, Number(process.argv[2] ?? 7));
const LINES = 2000;
const SKUS = 3000;
const GOAL_MS = 200;

// The simulator's deterministic generator, so every run parses the same text.
const rand = mulberry32(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const ORIGINS = ['赣南', '广西', '四川', '丹东', '海南', '阿克苏', '库尔勒', '云南', '烟台', '山东', '东北', '新疆', '福建', '浙江', '湖北', '陕西', '内蒙古', '宁夏', '五常', '舟山'];
const BRANDS = ['蒙牛', '伊利', '农夫山泉', '海天', '思念', '三全', '湾仔码头', '金龙鱼', '鲁花', '光明', '安井', '李锦记', '娃哈哈', '康师傅', '统一', '双汇', '雨润', '正大', '圣农', '恒都'];
const FRESH = ['脐橙', '砂糖橘', '沃柑', '草莓', '贵妃芒', '冰糖心苹果', '香梨', '蓝莓', '红富士苹果', '阳光玫瑰葡萄', '猕猴桃', '火龙果', '车厘子', '榴莲', '山竹', '荔枝', '龙眼', '柚子', '柠檬', '百香果',
  '土鸡蛋', '咸鸭蛋', '鹌鹑蛋', '皮蛋', '土鸡', '老母鸡', '五花肉', '排骨', '牛腩', '羊肉卷', '大虾', '带鱼', '鲈鱼', '扇贝', '生蚝', '西红柿', '黄瓜', '土豆', '玉米', '红薯'];
const PACKED = ['纯牛奶', '酸奶', '饮用天然水', '生抽', '老抽', '猪肉白菜水饺', '黑芝麻汤圆', '花生油', '大米', '挂面', '火腿肠', '鸡胸肉', '虾仁', '鱼丸', '牛肉丸', '速冻馄饨', '方便面', '橙汁', '蚝油', '香醋'];
const FRESH_SPECS = ['3斤装', '5斤装', '10斤装', '2斤礼盒', '约1斤', '30枚', '60枚', '500g/份', '1kg/袋', '4个装'];
const PACKED_SPECS = ['250ml×24盒', '205g×12瓶', '550ml×24瓶', '1.9L/瓶', '1kg/袋', '5kg/袋', '5L/桶', '400g/袋', '10袋/箱', '500g×2袋'];
/** Words that make another product of a name (黄金百香果, 高山土豆); the free words (精品, 农家) only now and then. */
const ADJECTIVES = ['', '', '黄金', '翡翠', '冰糖', '蜜', '香脆', '水晶', '高山', '雪山', '老树', '野生', '精品', '农家'];

/** 3,000 distinct SKUs: fresh produce by origin and box, packed goods by brand and pack. */
export function catalogue(): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < SKUS; i++) {
    const fresh = i % 2 === 0;
    const name = fresh ? `${pick(ADJECTIVES)}${pick(ORIGINS)}${pick(FRESH)}` : `${pick(BRANDS)}${pick(ADJECTIVES)}${pick(PACKED)}`;
    const spec = pick(fresh ? FRESH_SPECS : PACKED_SPECS);
    // One SKU in ten is a second size of a name already listed (5斤装 and 10斤装).
    const variant = rand() < 0.1;
    if (seen.has(`${name}|${spec}`) || (seen.has(name) && !variant)) continue;
    seen.add(`${name}|${spec}`);
    seen.add(name);
    const weighed = fresh && spec === '约1斤';
    out.push({ skuId: `BJ${String(out.length + 1).padStart(5, '0')}`, name, spec, ...(weighed ? { saleUnit: '斤', saleStep: 0.5 } : {}) });
  }
  return out;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const CALLS = ['姐', '哥', '阿姨', '叔', '妈妈', '宝妈', '老师', '小妹', '大爷', '奶奶'];
const GIVEN = [...'一丽伟芳娜敏静秀英华慧巧美娟霞平刚桂兰玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹霖香月莺媛艳瑞凡佳嘉琼勤珍贞莉'];
/** A nickname: mostly a full name, sometimes a surname and how neighbours call her or him. */
const nameOf = (): string => (rand() < 0.9 ? `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}` : `${pick(SURNAMES)}${pick(CALLS)}`);
const EMOJI = ['', '', '', '🌸', '🍊', '❤️', '✨', '[玫瑰]'];
const COUNTS = ['×1', '×2', 'x3', ' 1份', ' 2份', ' 两份', '2盒', ' 3斤', '*2', '「x2」', '(×1)', ' 1', ''];
const REMARKS = ['', '', '', '', ' 谢谢团长', ' 明天自提', ' 要大果', ' 已付', '（放门口）'];
const ROOMS = (): string => pick([
  `${1 + Math.floor(rand() * 20)}栋${1 + Math.floor(rand() * 30)}0${1 + Math.floor(rand() * 4)}`,
  `${1 + Math.floor(rand() * 20)}-${1 + Math.floor(rand() * 4)}-${1 + Math.floor(rand() * 30)}0${1 + Math.floor(rand() * 4)}`,
  `${1 + Math.floor(rand() * 20)}号楼${1 + Math.floor(rand() * 4)}单元`,
  '', '', '',
]);

/** What a customer writes for a SKU: a short form of its name, sometimes the full name or its code. */
function phrase(sku: CatalogueEntry): string {
  const roll = rand();
  if (roll < 0.05) return sku.skuId;
  // Customers mostly copy the name as the post lists it.
  if (roll < 0.75) return sku.name;
  const word = [...FRESH, ...PACKED].find((w) => sku.name.endsWith(w)) ?? sku.name;
  return roll < 0.9 ? `${word}${sku.spec.split(/[/ ×]/)[0] ?? ''}` : word;
}

/** How many of the catalogue's SKUs one 接龙 post offers (a big day's group-buy); the rest are still matched against. */
const OFFERED = 150;

/**
 * The 2,000-line list: a header, the chain, its cancellations, changes and a re-pasted stretch,
 * and a footer. Customers order from the day's offer, as a 接龙 post's customers do; one item
 * in twenty is something else of the catalogue.
 */
export function list(catalogueSkus: CatalogueEntry[]): string {
  const offer = Array.from({ length: OFFERED }, (_, i) => catalogueSkus[Math.floor((i * catalogueSkus.length) / OFFERED)] as CatalogueEntry);
  const skuOf = (): CatalogueEntry => (rand() < 0.05 ? pick(catalogueSkus) : pick(offer));
  const lines = ['#接龙', '阳光小区 12月5日 水果生鲜团购', '今晚22:00截单，明天下午3点到货自提', '例：1. 张三 脐橙5斤×2', ''];
  const entries: string[] = [];
  const written: string[] = [];
  let seq = 0;
  while (lines.length + entries.length < LINES - 3) {
    seq++;
    const nick = `${ROOMS()} ${nameOf()}${pick(EMOJI)}`.trim();
    const n = 1 + Math.floor(rand() * 3);
    const items = Array.from({ length: n }, () => `${phrase(skuOf())}${pick(COUNTS)}`).join(pick([' ', '，', '、', ' + ']));
    const roll = rand();
    if (roll < 0.03 && entries.length > 0) entries.push(`${seq}. ${pick(SURNAMES)}${pick(CALLS)} 同上`);
    // A customer of the chain writing again: a new count, or a cancellation.
    else if (roll < 0.05 && written.length > 0) entries.push(`${pick(written)} 改成2份`);
    else if (roll < 0.06 && written.length > 0) entries.push(`${pick(written)} 取消`);
    else { entries.push(`${seq}. ${nick} ${items}${pick(REMARKS)}`); written.push(nick); }
  }
  // A stretch of the chain pasted again, as a leader does when the list grew.
  const again = entries.slice(Math.max(0, entries.length - 40));
  return [...lines, ...entries, ...again.slice(0, Math.max(0, LINES - 2 - lines.length - entries.length)), '', '截单后不再接受修改，请按时付款'].join('\n');
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

type Parser = typeof parseJielong;

/** parseJielong bundled and minified the way cloudfunctions/build.ts builds the deployed functions. */
async function bundledParser(): Promise<{ parse: Parser; toOrderLines: typeof jielongToOrderLines }> {
  const out = await build({
    entryPoints: [join(__dirname, '../cloudfunctions/src/domain/jielong/index.ts')],
    bundle: true, platform: 'node', target: BUNDLE_TARGET, format: 'cjs', minify: true, write: false, logLevel: 'warning',
  });
  const dir = mkdtempSync(join(tmpdir(), 'hz-bench-jielong-'));
  const file = join(dir, 'jielong.js');
  writeFileSync(file, out.outputFiles[0]?.text ?? '');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { parseJielong: Parser; jielongToOrderLines: typeof jielongToOrderLines };
  rmSync(dir, { recursive: true, force: true });
  return { parse: mod.parseJielong, toOrderLines: mod.jielongToOrderLines };
}

async function main(): Promise<void> {
  const skus = catalogue();
  const text = list(skus);
  const lineCount = text.split(/\r?\n/).length;
  const bundled = await bundledParser();

  const split = (): number => text.split(/\r?\n/).filter((l) => /^\s*\d+[.、]\s*\S/.test(l)).length;
  const ways: Array<[label: string, parse: () => ReturnType<Parser>]> = [
    ['parseJielong, bundled (deployed build)', () => bundled.parse(text, skus)],
    ['parseJielong, as tsx runs it (server)', () => parseJielong(text, skus)],
  ];

  // One way after the other, each warmed up first (the JIT, the regexes compiled on first use):
  // run in turns, each one's garbage and compiled code slowed the other.
  const times = ways.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  const splitTimes: number[] = [];
  ways.forEach(([, parse], k) => {
    for (let i = 0; i < 2; i++) parse();
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      split();
      splitTimes.push(ms(t0));
      const w0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      parse();
      times[k]?.wall.push(ms(w0));
      const cpu = process.cpuUsage(cpu0);
      times[k]?.cpu.push((cpu.user + cpu.system) / 1000);
    }
  });
  const result = parseJielong(text, skus);
  // Both builds are the same code: the same parse.
  if (JSON.stringify(bundled.parse(text, skus)) !== JSON.stringify(result)) throw new Error('the bundled parser parsed differently');
  const cart = jielongToOrderLines(result);
  const items = result.customers.reduce((n, c) => n + c.items.length, 0);
  const superseded = result.customers.filter((c) => c.supersededBy !== undefined).length;
  const s = median(splitTimes);
  console.log(`bench:jielong — ${lineCount} lines, ${SKUS} SKUs, median of ${RUNS} runs after warm-up`);
  console.log(`  customers ${result.customers.length} (superseded ${superseded}), items ${items}, cart lines ${cart.lines.length}, unmatched ${cart.unmatched}, ignored ${result.ignored.length}`);
  ways.forEach(([label], k) => {
    const t = times[k] ?? { wall: [], cpu: [] };
    const p = median(t.wall);
    console.log(`  ${label.padEnd(40)} ${p.toFixed(1).padStart(8)} ms   (min ${Math.min(...t.wall).toFixed(1)}, max ${Math.max(...t.wall).toFixed(1)}; CPU ${median(t.cpu).toFixed(1)} ms; ${(p / Math.max(s, 1e-3)).toFixed(0)}× the split)  goal < ${GOAL_MS} ms: ${p < GOAL_MS ? 'met' : 'NOT met'}`);
  });
  console.log(`  ${'line split + trivial regex'.padEnd(40)} ${s.toFixed(1).padStart(8)} ms`);
  console.log(`  load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
}

// Run as a script (the generator is also read by a check that a faster parser parses the same).
if (/jielong\.[jt]s$/.test(process.argv[1] ?? '')) void main();
