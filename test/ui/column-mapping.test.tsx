// 导入库存表 with headers the dictionary does not know: the page shows the headers found,
// the operator taps which column is the code and which the count, the file imports by
// them, and the next file with the same headers imports by itself (按上次的列对应导入).
import { fireEvent, screen, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const pickSupplier = (name: string): void => {
  fireEvent.click(within(document.querySelector('.hz-supplier-picker') as HTMLElement).getByText(name));
};

const onHandOf = async (skuId: string): Promise<number | undefined> => (await backend.deps.store.listInventory([skuId]))[0]?.onHand;

async function chooseFile(name: string, text: string): Promise<void> {
  const input = document.querySelector('input.hz-file-input') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
  await screen.findByText(new RegExp(`^${name.replace('.', '\\.')} · `));
}

const choose = (field: 'code' | 'supplierCode' | 'qty', header: string): void => {
  fireEvent.click(within(document.querySelector(`.hz-map-row--${field}`) as HTMLElement).getByText(header));
};

const importButton = (): HTMLElement => screen.getByText('按这个对应导入').closest('.nut-button') as HTMLElement;

describe('导入库存表 · 手动对应列', () => {
  test('unknown headers are shown to map by hand; the mapping imports and is used by itself next time', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('店里盘点.csv', '货品代码,品名,结存数\r\nHZ3001,土鸡蛋,77\r\n');
    fireEvent.click(screen.getByText('上传并导入'));

    expect(await screen.findByText('手动对应列')).toBeTruthy();
    expect(screen.getByText('表格里的列名：「货品代码」「品名」「结存数」')).toBeTruthy();
    expect(importButton().className).toContain('disabled');
    choose('qty', '结存数');
    expect(importButton().className).toContain('disabled'); // a code column is needed too
    choose('code', '品名');
    choose('code', '货品代码'); // changed one's mind: the latest tap holds
    fireEvent.click(importButton());

    expect(await screen.findByText(/^导入成功 · /)).toBeTruthy();
    expect(screen.getByText(/^按列对应读取：编码 A列「货品代码」、库存数量 C列「结存数」/)).toBeTruthy();
    expect(screen.getByText(/^已记住山里土鸡蛋合作社的列对应/)).toBeTruthy();
    expect(await onHandOf('HZ3001')).toBe(77);
    // One upload: the mapped import read the same file again.
    expect(backend.uploads).toHaveLength(1);

    // Next time, the same headers: no mapping asked, and the page says how it was read.
    await chooseFile('店里盘点2.csv', '货品代码,品名,结存数\r\nHZ3001,土鸡蛋,70\r\n');
    fireEvent.click(screen.getByText('上传并导入'));
    expect(await screen.findByText(/^导入成功 · /)).toBeTruthy();
    expect(screen.getByText('按上次的列对应导入（编码「货品代码」、库存「结存数」）')).toBeTruthy();
    expect(screen.queryByText('手动对应列')).toBeNull();
    expect(await onHandOf('HZ3001')).toBe(70);
  });

  test('a known header set or an order export offers no mapping', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('orders.csv', '跟团号,下单人,支付时间,商品编码,数量,收货人\r\n1,王姐,2026-11-25 20:01,HZ3001,2,王姐\r\n');
    fireEvent.click(screen.getByText('上传并导入'));
    expect(await screen.findByText(/^这是订单导出/)).toBeTruthy();
    expect(screen.queryByText('手动对应列')).toBeNull();
  });
});
