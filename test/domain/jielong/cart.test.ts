import { CUSTOMER_LABEL_MAX, jielongToOrderLines } from '../../../cloudfunctions/src/domain/jielong';
import { parse } from './helpers';

describe('jielongToOrderLines', () => {
  it('turns matched items into cart lines labelled with the chain number and nickname', () => {
    const p = parse('1. 张三 脐橙5斤×2 鸡蛋30枚\n赵六 沃柑5斤 2份\n3. 王 苹果\n4. 鸡蛋60枚');
    expect(jielongToOrderLines(p)).toEqual({
      lines: [
        { skuId: 'HZ2001', qty: 2, customer: '1号 张三' },
        { skuId: 'HZ3001', qty: 1, customer: '1号 张三' },
        { skuId: 'HZ2004', qty: 2, customer: '赵六' },
        { skuId: 'HZ3002', qty: 1, customer: '4号' },
      ],
      unmatched: 1,
    });
  });

  it('keeps the label within what the order API stores', () => {
    const long = '超'.repeat(60);
    expect(jielongToOrderLines(parse(`123. ${long} 脐橙5斤`)).lines[0]?.customer).toBe(`123号 ${'超'.repeat(CUSTOMER_LABEL_MAX - 5)}`);
    // Counted as the API counts (UTF-16), never splitting a character outside the BMP.
    const rare = '𠀀'.repeat(30);
    const label = jielongToOrderLines(parse(`1. ${rare} 脐橙5斤`)).lines[0]?.customer ?? '';
    expect(label.length).toBeLessThanOrEqual(CUSTOMER_LABEL_MAX);
    expect(label).toBe(`1号 ${'𠀀'.repeat(18)}`);
  });
});
