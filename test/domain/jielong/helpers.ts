import { join } from 'path';
// Shared by the 接龙 parser's tests, one file per stage of the parser.
import type { JielongItem, JielongParse } from '../../../cloudfunctions/src/domain/jielong';
import { parseJielong } from '../../../cloudfunctions/src/domain/jielong';
import { JIELONG_CATALOGUE } from '../../fixtures/jielong/catalogue';

export const FIXTURES = join(__dirname, '../../fixtures/jielong');
export const parse = (text: string): JielongParse => parseJielong(text, JIELONG_CATALOGUE);
/** The items of the first customer, reduced to what the cart needs. */
export const itemsOf = (text: string): Array<[string, number] | ['?', number, string[]]> =>
  (parse(text).customers[0]?.items ?? []).map((it) => (it.kind === 'matched' ? [it.skuId, it.qty] : ['?', it.qty, it.candidates]));
export const only = (text: string): JielongItem => {
  const items = parse(text).customers[0]?.items ?? [];
  expect(items).toHaveLength(1);
  return items[0] as JielongItem;
};
