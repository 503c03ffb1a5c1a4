// Every browser journey against the real product, in Debian's Chromium at phone width.
// One `npm start` builds the H5 app and serves the demo; journeys that need a fresh
// world or a driven clock start their own server on the same build (`npm run serve`).
import { type ProductProcess, startProduct } from '../support/product-process';
import { contrastAndQuantities } from './journeys/contrast';
import { firstDay } from './journeys/first-day';
import { Session } from './journeys/session';
import { lowStockInbox } from './journeys/inbox';
import { stockImport } from './journeys/stock-import';
import { stocktake } from './journeys/stocktake';
import { shanghai, wholeDay } from './journeys/whole-day';

let started: ProductProcess;
let session: Session;

/** A journey on its own server (fresh demo data, the same H5 build), with a phone open on it. */
function onOwnServer(env: Record<string, string>, journey: (session: () => Session) => void): void {
  let own: ProductProcess;
  let s: Session;
  beforeAll(async () => {
    own = await startProduct('serve', env);
    s = new Session(own);
    await s.open();
  }, 120_000);
  afterAll(async () => {
    await s.close();
    await own.stop();
  });
  journey(() => s);
}

beforeAll(async () => {
  started = await startProduct('start');
}, 300_000);

afterAll(async () => {
  await started?.stop();
});

describe('issue 2: a supplier\'s report becomes a leader\'s sellable count', () => {
  beforeAll(async () => {
    session = new Session(started);
    await session.open();
  }, 60_000);
  afterAll(() => session.close());
  firstDay(() => session);
});

describe('issue 3: stock truth — a spreadsheet for a rules-level supplier', () => onOwnServer({}, stockImport));

describe('issue 4: the daily wave, with the clock driven through the day', () =>
  onOwnServer({ HUOZHUN_TEST_CLOCK: '1', HUOZHUN_TEST_START: String(shanghai(8)) }, wholeDay));

describe('issue 5: alerts reach people', () => onOwnServer({}, lowStockInbox));

describe('issue 12: what a leader needs — readable buttons and tags, and a quantity never changed unasked', () =>
  onOwnServer({ HUOZHUN_TEST_CLOCK: '1', HUOZHUN_TEST_START: String(shanghai(8)) }, contrastAndQuantities));

describe('盘点对账: a supplier\'s stocktake from opening to approval', () => onOwnServer({}, stocktake));
