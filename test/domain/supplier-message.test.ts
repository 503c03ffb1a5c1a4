// Supplier group messages (issue 16): each realistic message parses as expected, and across the
// corpus no count is ever silently wrong — a line the parser is unsure of is flagged, never guessed.
import { chineseNumberValue, type MessageLine, parseSupplierMessage } from '../../cloudfunctions/src/domain/supplier-message';
import { MESSAGE_CATALOGUES, MESSAGE_CORPUS } from '../fixtures/supplier-message/corpus';

const parseCase = (c: (typeof MESSAGE_CORPUS)[number]): MessageLine[] => parseSupplierMessage(c.text, MESSAGE_CATALOGUES[c.supplier]!).lines;

describe('supplier message corpus', () => {
  it('holds at least 15 messages', () => {
    expect(MESSAGE_CORPUS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(MESSAGE_CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const lines = parseCase(c);
    expect(lines.filter((l) => l.kind === 'matched').map((l) => (l.kind === 'matched' ? [l.skuId, l.onHand] : null))).toEqual(c.matched);
    expect(lines.filter((l) => l.kind === 'flagged').map((l) => l.text)).toEqual(c.flagged);
  });

  it('counts right / flagged / wrong over the corpus: wrong is zero', () => {
    let right = 0;
    let flagged = 0;
    let wrong = 0;
    const rows: string[] = [];
    for (const c of MESSAGE_CORPUS) {
      const lines = parseCase(c);
      const expected = new Set(c.matched.map(([id, n]) => `${id}=${n}`));
      let r = 0;
      let w = 0;
      for (const l of lines) {
        if (l.kind === 'flagged') continue;
        if (expected.has(`${l.skuId}=${l.onHand}`)) r++;
        else w++;
      }
      const f = lines.filter((l) => l.kind === 'flagged').length;
      right += r; flagged += f; wrong += w;
      rows.push(`${c.name}: right ${r} · flagged ${f} · wrong ${w}`);
    }
    // eslint-disable-next-line no-console
    console.log([...rows, `TOTAL right ${right} · flagged ${flagged} · wrong ${wrong}`].join('\n'));
    expect(wrong).toBe(0);
    expect(right).toBeGreaterThan(flagged);
  });
});

describe('supplier message pieces', () => {
  it.each([['五十', 50], ['一百二', 120], ['一百二十', 120], ['一百零五', 105], ['两千三', 2300], ['十五', 15], ['俩', 2], ['两百', 200], ['三五', null]] as const)('%s is %s', (text, n) => {
    expect(chineseNumberValue(text)).toBe(n);
  });

  it('flags a name the supplier has several SKUs for, with the candidates and the number', () => {
    const [line] = parseSupplierMessage('苹果 30', MESSAGE_CATALOGUES.S02!).lines;
    expect(line).toMatchObject({ kind: 'flagged', candidates: ['HZ2007', 'HZ2010'], onHand: 30 });
  });

  it('keeps the greeting and header lines as ignored text, never as counts', () => {
    const parse = parseSupplierMessage('各位老板早上好\n今日库存如下：\n冰糖心苹果 30', MESSAGE_CATALOGUES.S02!);
    expect(parse.lines).toEqual([{ kind: 'matched', lineNo: 3, text: '冰糖心苹果 30', skuId: 'HZ2007', onHand: 30 }]);
    expect(parse.ignored.map((i) => i.lineNo)).toEqual([1, 2]);
  });

  it('flags a count with a letter typed into it, or a minus sign, never reading part of it', () => {
    expect(parseSupplierMessage('红富士苹果 1O', MESSAGE_CATALOGUES.S02!).lines).toMatchObject([{ kind: 'flagged', candidates: ['HZ2010'] }]);
    expect(parseSupplierMessage('红富士苹果 －5', MESSAGE_CATALOGUES.S02!).lines).toMatchObject([{ kind: 'flagged', candidates: ['HZ2010'] }]);
  });

  it('reads a SKU by a word the operator set for it (Sku.aliases), and without it asks', () => {
    const catalogue = MESSAGE_CATALOGUES.S02!;
    expect(parseSupplierMessage('丑橘 20', catalogue).lines).toMatchObject([{ kind: 'flagged', candidates: [] }]);
    const withAlias = catalogue.map((k) => (k.skuId === 'HZ2004' ? { ...k, aliases: ['丑橘'] } : k));
    expect(parseSupplierMessage('丑橘 20', withAlias).lines).toEqual([{ kind: 'matched', lineNo: 1, text: '丑橘 20', skuId: 'HZ2004', onHand: 20 }]);
  });

  it('reads a name with a numeral inside it as a name (四川沃柑, 三全汤圆)', () => {
    expect(parseSupplierMessage('四川沃柑 20', MESSAGE_CATALOGUES.S02!).lines).toMatchObject([{ kind: 'matched', skuId: 'HZ2004', onHand: 20 }]);
    expect(parseSupplierMessage('三全汤圆 五', MESSAGE_CATALOGUES.S01!).lines).toMatchObject([{ kind: 'matched', skuId: 'HZ1008', onHand: 5 }]);
  });
});
