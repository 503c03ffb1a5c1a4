// The local endpoint's shortcuts (test/cloud-endpoint/store.ts) answer what mingo alone
// answers: a top-level $in of strings decided with one set, an aggregation's leading
// $match run before documents are copied, and a multi-document update's operators
// applied in one mingo call. They exist for speed only (bench/cloud.ts).
import { Aggregator, find, update } from 'mingo';
import { DocStore, aggregateDocs, findDocs, updateDocs } from '../cloud-endpoint/store';

const docs = [
  { _id: 'a', skuId: 'A001', status: 'placed', qty: 2 },
  { _id: 'b', skuId: 'A002', status: 'shipped', qty: 1 },
  { _id: 'c', skuId: ['A001', 'B001'], status: 'placed', qty: 4 },
  { _id: 'd', status: 'placed', qty: 3 },
  { _id: 'e', skuId: null, status: 'cancelled', qty: 1 },
  { _id: 'f', skuId: 7, status: 'placed', qty: 5 },
  { _id: 'g', skuId: { code: 'A001' }, status: 'placed', qty: 6 },
  { _id: 'h', skuId: 'B001', status: 'forwarded', qty: 1 },
];

function store(): DocStore {
  const s = new DocStore();
  s.addCollection('lines');
  for (const d of docs) s.committed.put('lines', d._id, d);
  return s;
}

const QUERIES: object[] = [
  { skuId: { $in: ['A001', 'B001'] } },
  { skuId: { $in: ['A001'] }, status: 'placed' },
  { skuId: { $in: [] } },
  { skuId: { $in: ['A001', 'A002'] }, status: { $in: ['placed', 'shipped'] }, qty: { $gte: 2 } },
  { skuId: { $in: ['A001'], $ne: 'A002' } },
  { skuId: { $in: [null, 'A002'] } },
  { _id: { $in: ['a', 'd', 'zz'] }, $or: [{ status: 'placed' }, { qty: 1 }] },
  { $and: [{ skuId: { $in: ['B001'] } }, { status: { $ne: 'cancelled' } }] },
];

describe('the local endpoint answers what mingo answers', () => {
  it.each(QUERIES.map((q) => [JSON.stringify(q), q]))('find %s', (_name, query) => {
    const expected = find(docs, query as object).all().map((d) => (d as { _id: string })._id).sort();
    expect(findDocs(store().committed, 'lines', query as Record<string, unknown>, {}).map((d) => d._id).sort()).toEqual(expected);
  });

  it.each(QUERIES.map((q) => [JSON.stringify(q), q]))('aggregate from $match %s', (_name, query) => {
    const pipeline = [{ $match: query }, { $group: { _id: '$status', units: { $sum: '$qty' } } }, { $sort: { _id: 1 } }];
    expect(aggregateDocs(store().committed, 'lines', pipeline)).toEqual(new Aggregator(pipeline).run(docs.map((d) => structuredClone(d))));
  });
});

const MODIFIERS: object[] = [
  { $set: { status: 'forwarded', forwardedAt: 5 } },
  { $inc: { qty: 2 }, $set: { 'meta.seen': true } },
  { $set: { tags: { a: [1, 2] } } },
  { $push: { events: { at: 1 } } },
  { $unset: { skuId: '' } },
  { $max: { qty: 3 } },
  { $addToSet: { skuIds: 'A001' } },
];

describe('a multi-document update applies its operators to each document as one at a time would', () => {
  it.each(MODIFIERS.map((m) => [JSON.stringify(m), m]))('update %s', (_name, data) => {
    const s = store();
    const query = { status: { $ne: 'cancelled' } };
    const result = updateDocs(s.committed, 'lines', { query, data: data as Record<string, unknown>, multi: true, merge: true, upsert: false });
    const expected = docs.map((d) => {
      if (d.status === 'cancelled') return d;
      const next = structuredClone(d);
      update(next, data as Record<string, unknown>);
      return next;
    });
    const changed = expected.filter((d, i) => JSON.stringify(d) !== JSON.stringify(docs[i])).length;
    expect(result.updated).toBe(changed);
    expect(s.committed.list('lines')).toEqual(expected);
    // No two documents share what was set: changing one leaves the others.
    const stored = s.committed.list('lines') as Array<Record<string, unknown>>;
    if ((data as { $set?: { tags?: unknown } }).$set?.tags) expect(stored[0]!.tags).not.toBe(stored[1]!.tags);
  });

  it('an update that would change _id is refused, as one at a time', () => {
    expect(() => updateDocs(store().committed, 'lines', { query: {}, data: { $set: { _id: 'x' } }, multi: true, merge: true, upsert: false })).toThrow(/immutable field '_id'/);
  });
});
