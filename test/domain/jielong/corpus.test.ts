import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { type CatalogueEntry, type JielongParse, CUSTOMER_LABEL_MAX, jielongToOrderLines, parseJielong } from '../../../cloudfunctions/src/domain/jielong';
import { JIELONG_CATALOGUE } from '../../fixtures/jielong/catalogue';
import { WEIGHED_CATALOGUE } from '../../fixtures/jielong/weighed/catalogue';
import { SHAPES_CATALOGUE } from '../../fixtures/jielong/shapes/catalogue';
import { FIXTURES, parse } from './helpers';

describe('pasted lists (fixtures)', () => {
  const pastes = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();

  it('has at least thirty real-looking pastes, each with its expected parse', () => {
    expect(pastes.length).toBeGreaterThanOrEqual(30);
    for (const f of pastes) expect(readdirSync(FIXTURES)).toContain(f.replace(/\.txt$/, '.json'));
  });

  it('keeps the bytes that make the messy cases messy', () => {
    const raw = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');
    expect(raw('03-windows-crlf.txt')).toContain('\r\n');
    expect(raw('04-bom-trailing-spaces.txt').charCodeAt(0)).toBe(0xfeff);
    expect(raw('04-bom-trailing-spaces.txt')).toMatch(/ {2}\n/);
    expect(raw('21-mixed-line-endings.txt')).toMatch(/\r(?!\n)/);
    expect(raw('20-invisible-characters.txt')).toMatch(/[\u200b\u2060\u2005\u00a0\u3000\u00ad]/);
    expect(raw('05-emoji-nicknames.txt')).toMatch(/\p{Extended_Pictographic}/u);
    expect(raw('06-fullwidth-digits.txt')).toMatch(/[０-９]/);
  });

  it.each(pastes)('%s', (f) => {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const expected = JSON.parse(readFileSync(join(FIXTURES, f.replace(/\.txt$/, '.json')), 'utf8')) as JielongParse;
    expect(parse(text)).toEqual(expected);
  });
});

/** Lists of what is sold by weight, written with Chinese numerals and halves, read against a catalogue that has both. */
const WEIGHED = join(FIXTURES, 'weighed');

describe('pasted lists sold by weight (fixtures)', () => {
  const pastes = readdirSync(WEIGHED).filter((f) => f.endsWith('.txt')).sort();

  it.each(pastes)('%s', (f) => {
    const text = readFileSync(join(WEIGHED, f), 'utf8');
    const expected = JSON.parse(readFileSync(join(WEIGHED, f.replace(/\.txt$/, '.json')), 'utf8')) as JielongParse;
    expect(parseJielong(text, WEIGHED_CATALOGUE)).toEqual(expected);
  });
});

/** Header menus, emoji, a product named only in the title, entries over several lines, units that choose the pack. */
const SHAPES = join(FIXTURES, 'shapes');

describe('pasted lists with menus, titles, several-line entries and pack units (fixtures)', () => {
  const pastes = readdirSync(SHAPES).filter((f) => f.endsWith('.txt')).sort();

  it.each(pastes)('%s', (f) => {
    const text = readFileSync(join(SHAPES, f), 'utf8');
    const expected = JSON.parse(readFileSync(join(SHAPES, f.replace(/\.txt$/, '.json')), 'utf8')) as JielongParse;
    expect(parseJielong(text, SHAPES_CATALOGUE)).toEqual(expected);
  });
});

/**
 * Right: ordered as the expected parse says. Flagged: left for the leader with a reason.
 * Wrong: ordered, but not as expected (another SKU, another count, or something the expected
 * parse leaves for the leader): a silent wrong order. There must be none on any list.
 */
function tally(actual: JielongParse, expected: JielongParse): { right: number; flagged: number; wrong: number } {
  const out = { right: 0, flagged: 0, wrong: 0 };
  const want = new Map(expected.customers.map((c) => [c.lineNo, c]));
  for (const c of actual.customers) {
    // An entry a later one changed is not an order; one that should have been is a second order.
    if (c.supersededBy !== undefined) continue;
    const superseded = want.get(c.lineNo)?.supersededBy !== undefined;
    c.items.forEach((it, k) => {
      const exp = superseded ? undefined : want.get(c.lineNo)?.items[k];
      if (it.kind === 'unmatched') out.flagged++;
      else if (exp?.kind === 'matched' && exp.skuId === it.skuId && exp.qty === it.qty) out.right++;
      else out.wrong++;
    });
  }
  return out;
}

it('prints right / flagged / wrong per list, and no list has a silent wrong line', () => {
  const sets: Array<[dir: string, catalogue: CatalogueEntry[]]> = [[FIXTURES, JIELONG_CATALOGUE], [WEIGHED, WEIGHED_CATALOGUE], [SHAPES, SHAPES_CATALOGUE]];
  const rows: string[] = [];
  let wrong = 0;
  for (const [dir, catalogue] of sets) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.txt')).sort()) {
      const expected = JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.json')), 'utf8')) as JielongParse;
      const t = tally(parseJielong(readFileSync(join(dir, f), 'utf8'), catalogue), expected);
      wrong += t.wrong;
      rows.push(`${dir === WEIGHED ? 'weighed/' : dir === SHAPES ? 'shapes/' : ''}${f.replace(/\.txt$/, '')}: right ${t.right} / flagged ${t.flagged} / wrong ${t.wrong}`);
    }
  }
  // eslint-disable-next-line no-console
  console.log(`接龙 fixtures\n${rows.join('\n')}`);
  expect(rows.filter((r) => !r.endsWith('wrong 0'))).toEqual([]);
  expect(wrong).toBe(0);
});

// ---------------------------------------------------------------------------
// Properties.

/** Ways a customer writes one product, each naming exactly one SKU. */
const PHRASES: Array<[skuId: string, phrase: string]> = [
  ['HZ2001', '脐橙5斤'], ['HZ2001', '赣南脐橙5斤装'], ['HZ2001', '橙子5斤'], ['HZ2002', '脐橙10斤'], ['HZ2003', '砂糖橘'],
  ['HZ2003', '砂糖桔3斤'], ['HZ2004', '沃柑5斤'], ['HZ2012', '沃柑9斤'], ['HZ2005', '草莓'], ['HZ2005', '丹东草莓'],
  ['HZ2006', '芒果'], ['HZ2007', '苹果5斤'], ['HZ2007', '冰糖心苹果'], ['HZ2010', '苹果8斤'], ['HZ2010', '红富士'],
  ['HZ2008', '香梨'], ['HZ2009', '蓝莓'], ['HZ2011', '葡萄'], ['HZ3001', '鸡蛋30枚'], ['HZ3001', '土鸡蛋30枚'],
  ['HZ3002', '鸡蛋60枚'], ['HZ3003', '咸鸭蛋'], ['HZ3004', '新鲜鸭蛋'], ['HZ3005', '鹌鹑蛋'], ['HZ3006', '皮蛋'],
  ['HZ3006', '松花蛋'], ['HZ3007', '乌鸡蛋'], ['HZ3008', '土鸡'], ['HZ3009', '老母鸡'], ['HZ3010', '鸡蛋礼盒'],
  ['HZ1001', '大米5kg'], ['HZ1001', '五常大米10斤'], ['HZ1011', '大米10kg'], ['HZ1002', '花生油'], ['HZ1002', '金龙鱼'],
  ['HZ1003', '纯牛奶'], ['HZ1004', '安慕希'], ['HZ1005', '矿泉水'], ['HZ1005', '农夫山泉'], ['HZ1006', '生抽'],
  ['HZ1007', '思念水饺'], ['HZ1008', '汤圆'], ['HZ1009', '虾仁'], ['HZ1010', '巴沙鱼'], ['HZ2001', 'HZ2001'], ['HZ3003', 'hz3003'],
];
const FULL_WIDTH = (n: number): string => [...String(n)].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
const CN = ['', '一', '两', '三', '四', '五', '六', '七', '八', '九'];
/** Ways of writing a count of n after a product ('' means the default of one). */
const qtyWritings = (n: number): string[] => [
  `×${n}`, `x${n}`, `X${n}`, `*${n}`, `✖${n}`, `「x${n}」`, `「×${n}」`, `「${n}份」`, `(x${n})`, `（×${n}）`, ` ${n}份`, `${n}件`, ` ${n}`,
  ` ×${FULL_WIDTH(n)}`, ` ${CN[n]}份`, ...(n === 1 ? [''] : []),
];
const NICKNAMES: Array<[written: string, expected: string]> = [
  ['张三', '张三'], ['李姐', '李姐'], ['王阿姨', '王阿姨'], ['小明妈妈', '小明妈妈'], ['Lily', 'Lily'], ['🌸小美🌸', '小美'],
  ['3栋1202 李姐', '3栋1202 李姐'], ['阿强👍🏻', '阿强'], ['可乐妈妈[玫瑰]', '可乐妈妈'], ['陈', '陈'],
];
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const numbering = (n: number): string[] => [
  `${n}. `, `${n}、`, `${FULL_WIDTH(n)}．`, `${n}) `, `（${n}）`, `#${n} `, `${n} `, ...(n <= 20 ? [`${CIRCLED[n - 1]}`] : []),
];

const itemArb = fc.record({
  phrase: fc.constantFrom(...PHRASES),
  qty: fc.integer({ min: 1, max: 9 }),
  pick: fc.nat(),
});
const customerArb = fc.record({
  nick: fc.constantFrom(...NICKNAMES),
  items: fc.array(itemArb, { minLength: 1, maxLength: 4 }),
  seps: fc.array(fc.constantFrom(' ', '，', ',', '、', '；', ' + ', '和'), { minLength: 4, maxLength: 4 }),
  numbered: fc.boolean(),
  style: fc.nat(),
  colon: fc.boolean(),
});

type Customer = typeof customerArb extends fc.Arbitrary<infer T> ? T : never;

function writeChain(customers: Customer[]): { text: string; lines: string[] } {
  const lines = ['#接龙', '12月1日 阳光小区 团购 截单22:00', ''];
  customers.forEach((c, i) => {
    const seq = i + 1;
    const styles = numbering(seq);
    const head = c.numbered ? (styles[c.style % styles.length] ?? '') : '';
    const items = c.items.map((it, k) => {
      const writings = qtyWritings(it.qty);
      return `${it.phrase[1]}${writings[it.pick % writings.length] ?? ''}${k < c.items.length - 1 ? c.seps[k] : ''}`;
    });
    lines.push(`${head}${c.nick[0]}${c.colon ? '：' : ' '}${items.join('')}`);
  });
  lines.push('截单时间 22:00，请按时付款');
  return { text: lines.join('\n'), lines };
}

describe('properties', () => {
  it('reads back every generated chain exactly: numbers, nicknames, products and counts', () => {
    // Customers of one chain are different people: a name written twice is a change (amendments.test.ts).
    const distinct = fc.uniqueArray(customerArb, { minLength: 1, maxLength: 10, selector: (c) => c.nick[1].replace(/^3栋1202 /, '') });
    fc.assert(fc.property(distinct, (customers) => {
      const { text } = writeChain(customers);
      const p = parse(text);
      expect(p.customers.map((c) => ({ seq: c.seq, nickname: c.nickname, items: c.items.map((it) => (it.kind === 'matched' ? [it.skuId, it.qty] : it)) })))
        .toEqual(customers.map((c, i) => ({
          seq: c.numbered ? i + 1 : undefined,
          nickname: c.nick[1],
          items: c.items.map((it) => [it.phrase[0], it.qty]),
        })));
      expect(p.ignored.map((x) => x.lineNo)).toEqual([1, 2, customers.length + 4]);
    }), { seed: 42, numRuns: 300 });
  });

  it('is not moved by emoji, stickers or invisible characters dropped anywhere into a line', () => {
    const noise = fc.constantFrom('🍊', '🌸', '❤️', '👍🏻', '🇨🇳', '✨', '[玫瑰]', '[红包]', '\u200b', '\u2060', '\u200d', '\ufe0f');
    fc.assert(fc.property(customerArb, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 6 }), (customer, inserts) => {
      const { lines } = writeChain([customer]);
      const line = lines[3] ?? '';
      const chars = [...line];
      for (const [at, n] of inserts) chars.splice(at % (chars.length + 1), 0, n);
      const clean = parse(line).customers;
      const noisy = parse(chars.join('')).customers;
      expect(noisy.map((c) => ({ ...c, items: c.items.map((it) => ({ ...it, text: it.text.replace(/\[(玫瑰|红包)\]/g, '') })) }))).toEqual(clean);
    }), { seed: 42, numRuns: 300 });
  });

  it('accounts for every visible line exactly once, whatever is pasted, and never throws', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('#接龙', '1. 张三 脐橙5斤×2', '② 李四 鸡蛋', '截单22:00', '🎉', '[红包]', '（3）', 'HZ2001 x', '×', '各两份', '同上', '+1',
        '\u200b', '１２．', '5斤', '脐橙鸡蛋', '和', '「x2」', '改成', '取消', '¥29.9', '   '),
    );
    const line = fc.array(fragment, { maxLength: 5 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
      const text = lines.join(eol);
      const p = parse(text);
      const seen = [...p.customers.flatMap((c) => [c.lineNo, ...(c.moreLines ?? [])]), ...p.ignored.map((i) => i.lineNo)].sort((a, b) => a - b);
      expect(new Set(seen).size).toBe(seen.length);
      // A line is only left out when there is nothing visible on it.
      const physical = text.split(/\r\n|\r|\n/);
      physical.forEach((l, i) => {
        if (!seen.includes(i + 1)) expect(l.replace(/[\s\u200b-\u200f\u2060-\u206f\ufeff]/gu, '')).toBe('');
      });
      const ids = new Set(JIELONG_CATALOGUE.map((c) => c.skuId));
      for (const c of p.customers) {
        // A cancellation orders nothing: it has no items.
        if (c.amends?.kind === 'cancel') expect(c.items).toEqual([]);
        else expect(c.items.length).toBeGreaterThan(0);
        for (const it of c.items) {
          expect(Number.isFinite(it.qty)).toBe(true);
          if (it.kind === 'matched') {
            expect(ids.has(it.skuId)).toBe(true);
            expect(Number.isInteger(it.qty) && it.qty >= 1).toBe(true);
          } else {
            for (const id of it.candidates) expect(ids.has(id)).toBe(true);
            expect(it.reason).not.toBe('');
          }
        }
      }
      const cart = jielongToOrderLines(p);
      // Every item of the entries in effect, and none of an entry a later one changed.
      expect(cart.lines.length + cart.unmatched).toBe(p.customers.reduce((n, c) => n + (c.supersededBy === undefined ? c.items.length : 0), 0));
      for (const l of cart.lines) expect(l.customer.length).toBeLessThanOrEqual(CUSTOMER_LABEL_MAX);
    }), { seed: 42, numRuns: 300 });
  });

  it('reads LF, CRLF, CR and a leading BOM alike', () => {
    fc.assert(fc.property(fc.array(customerArb, { minLength: 1, maxLength: 6 }), (customers) => {
      const { lines } = writeChain(customers);
      const lf = parse(lines.join('\n'));
      expect(parse(lines.join('\r\n'))).toEqual(lf);
      expect(parse(lines.join('\r'))).toEqual(lf);
      expect(parse(`\ufeff${lines.join('\r\n')}`)).toEqual(lf);
      expect(parse(lines.map((l) => `${l}  \t`).join('\n'))).toEqual(lf);
    }), { seed: 42, numRuns: 100 });
  });

  it('parses a long paste quickly', () => {
    const customers = fc.sample(customerArb, { numRuns: 1000, seed: 42 });
    const { text } = writeChain(customers);
    const started = performance.now();
    const p = parse(text);
    expect(p.customers).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

// A catalogue entry is plain data: the parser must not mutate it.
it('leaves the catalogue untouched', () => {
  const copy: CatalogueEntry[] = JSON.parse(JSON.stringify(JIELONG_CATALOGUE)) as CatalogueEntry[];
  parse('1. 张三 脐橙5斤×2');
  expect(JIELONG_CATALOGUE).toEqual(copy);
});
