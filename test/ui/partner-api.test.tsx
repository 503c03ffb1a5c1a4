// The partner API's screens (DESIGN §4, level `api`): an operator's keys, pull source,
// pull health, webhook and deliveries on an API supplier's page, and the supplier's own
// delivery list, against the real handlers and SQLite store.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PAGES } from '@/services/nav';
import type { NewPartnerKey, Supplier } from '@/services/types';
import type { WebhookEvent } from '../../cloudfunctions/src/domain/webhook';
import { fill, openApp } from './support/app';
import { type Backend, TEST_NOW, startBackend } from './support/backend';

let backend: Backend;
const afterTest: Array<() => void> = [];

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  afterTest.splice(0).forEach((undo) => undo());
  await backend.close();
});

const fieldOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-field') as HTMLElement;
const section = (title: string): HTMLElement => screen.getByText(title, { selector: '.hz-section-title' }).closest('.hz-form-section') as HTMLElement;

/** 鲜丰冷链仓, the demo's API supplier, on the operator's phone. */
async function openColdStore() {
  const app = await openApp(PAGES.supplierEdit, { as: 'DEMO-OP', params: { id: 'S01' } });
  await screen.findByText('编辑 鲜丰冷链仓');
  return app;
}

/** Back to the list and into the supplier again: a new visit of the page. */
async function reopen(router: Awaited<ReturnType<typeof openApp>>['router']) {
  fireEvent.click(screen.getByText('‹ 供应商'));
  expect(router.current).toBe(PAGES.suppliers);
  fireEvent.click((await screen.findByText('鲜丰冷链仓')).closest('.hz-supplier-card') as HTMLElement);
  await screen.findByText('编辑 鲜丰冷链仓');
}

const makeKey = () => backend.as<NewPartnerKey>('DEMO-OP', 'operator', 'createPartnerKey', { supplierId: 'S01' });

function failedEvent(overrides: Partial<WebhookEvent> = {}): WebhookEvent {
  const created = TEST_NOW - 26 * 60 * 60_000;
  return {
    id: 'wave.forwarded:S01_2026-11-25', supplierId: 'S01', kind: 'wave.forwarded', refId: 'S01_2026-11-25', createdAt: created,
    status: 'failed', attempts: 30, nextAttemptAt: TEST_NOW - 60_000, retryFrom: created,
    lastError: { at: TEST_NOW - 2 * 60 * 60_000, message: 'HTTP 503 Service Unavailable' },
    ...overrides,
  };
}

describe('接口密钥', () => {
  test('a new key shows its secret once, copyable; after leaving the page only its id is listed', async () => {
    // The browser's clipboard command (jsdom has none): a stand-in for the browser, not for our server.
    Object.defineProperty(document, 'execCommand', { value: jest.fn(() => true), configurable: true });
    afterTest.push(() => delete (document as { execCommand?: unknown }).execCommand);
    const { router } = await openColdStore();

    const keys = section('接口密钥');
    expect(await within(keys).findByText(/还没有密钥/)).toBeTruthy();
    fireEvent.click(within(keys).getByText('新建密钥'));

    expect(await screen.findByText('新密钥已创建')).toBeTruthy();
    const [made] = await backend.deps.store.listPartnerKeys('S01');
    expect(made).toBeDefined();
    expect(screen.getByText(`密钥 ID ${made!.id}`)).toBeTruthy();
    expect(document.querySelector('.hz-key-secret')?.textContent).toBe(made!.secret);
    expect(screen.getByText(/只显示一次，请立即复制/)).toBeTruthy();
    fireEvent.click(screen.getByText('复制密钥'));
    expect(await screen.findByText('已复制')).toBeTruthy();
    expect(Taro.getStorageSync('taro_clipboard')).toBe(made!.secret);
    const row = within(keys).getByText(made!.id).closest('.hz-partner-key') as HTMLElement;
    expect(within(row).getByText('有效')).toBeTruthy();

    await reopen(router);
    const again = section('接口密钥');
    expect(await within(again).findByText(made!.id)).toBeTruthy();
    expect(screen.queryByText('新密钥已创建')).toBeNull();
    expect(document.body.textContent).not.toContain(made!.secret);
  });

  test('停用 names its consequence first, then the key is listed as retired', async () => {
    const key = await makeKey();
    await openColdStore();
    const keys = section('接口密钥');
    const row = (await within(keys).findByText(key.id)).closest('.hz-partner-key') as HTMLElement;
    // The secret is never shown again: not in the list.
    expect(document.body.textContent).not.toContain(key.secret);

    fireEvent.click(within(row).getByText('停用'));
    expect(within(row).getByText(/停用后，对方系统用这把密钥签名的请求会立即被拒绝/)).toBeTruthy();
    fireEvent.click(within(row).getByText('取消'));
    expect((await backend.deps.store.getPartnerKey(key.id))?.revokedAt).toBeUndefined();

    fireEvent.click(within(row).getByText('停用'));
    fireEvent.click(within(row).getByText('确认停用'));
    await waitFor(() => expect(within(section('接口密钥')).getByText('已停用')).toBeTruthy());
    const retired = within(section('接口密钥')).getByText(key.id).closest('.hz-partner-key') as HTMLElement;
    expect(within(retired).getByText(/停用于/)).toBeTruthy();
    expect(within(retired).queryByText('停用')).toBeNull();
    expect((await backend.deps.store.getPartnerKey(key.id))?.revokedBy).toBe('U-OP1');
  });

  test('a third live key is refused with the server\'s words, and nothing is made', async () => {
    await makeKey();
    await makeKey();
    await openColdStore();
    const keys = section('接口密钥');
    await waitFor(() => expect(keys.querySelectorAll('.hz-partner-key')).toHaveLength(2));

    fireEvent.click(within(keys).getByText('新建密钥'));
    expect(await within(keys).findByText('鲜丰冷链仓 已有 2 把有效密钥，请先停用不再使用的那把')).toBeTruthy();
    expect(screen.queryByText('新密钥已创建')).toBeNull();
    expect(await backend.deps.store.listPartnerKeys('S01')).toHaveLength(2);
  });

  test('a supplier not at level api has no key section; changing the level says what saving drops', async () => {
    await openApp(PAGES.supplierEdit, { as: 'DEMO-OP', params: { id: 'S02' } });
    await screen.findByText('编辑 赣南果园直供');
    expect(screen.queryByText('接口密钥')).toBeNull();
    fireEvent.click(screen.getByText('接口对接'));
    expect(screen.getByText('保存为接口对接后，可以在这里新建接口密钥')).toBeTruthy();
    expect(screen.getByText('库存拉取（选填）')).toBeTruthy();

    const cold = (await backend.deps.store.getSupplier('S01'))!;
    await backend.deps.store.upsertSuppliers([{ ...cold, webhook: { url: 'https://erp.example.com/hz/waves' } }]);
    cleanup();
    await openColdStore();
    expect(within(section('波次推送（选填）')).getByLabelText('接收地址')).toBeTruthy();
    fireEvent.click(screen.getByText('小程序报数'));
    expect(screen.getByText(/改为其他对接方式后保存，会清除库存拉取、波次推送和跳变保护豁免的设置/)).toBeTruthy();
    expect(screen.queryByText('接口密钥')).toBeNull();
  });
});

describe('库存拉取与跳变保护', () => {
  test('a JSON pull source is checked, saved and shown again; the jump exemption is saved with it', async () => {
    const { router } = await openColdStore();
    fireEvent.click(screen.getByText('通用JSON'));
    fill('拉取地址', 'ftp://erp.example.com/stock');
    fill('数量字段', 'qty');
    fill('热销间隔', '0');
    fireEvent.click(screen.getByText('保存'));
    // Blank required boxes are named here; nothing is sent.
    expect(within(fieldOf('商品列表字段')).getByText('请填写')).toBeTruthy();
    expect(within(fieldOf('编码字段')).getByText('请填写')).toBeTruthy();
    expect(backend.calls.some((c) => c.action === 'saveSupplier' || c.action === 'previewSupplier')).toBe(false);

    fill('商品列表字段', 'data.list');
    fill('编码字段', 'sku code');
    fireEvent.click(screen.getByText('保存'));
    // The server names each field it refuses, beside the field.
    expect(await within(fieldOf('拉取地址')).findByText('应为 http:// 或 https:// 开头的地址')).toBeTruthy();
    expect(within(fieldOf('编码字段')).getByText('应为字段名，多层用 . 连接，如 data.list')).toBeTruthy();
    expect(within(fieldOf('热销间隔')).getByText('不能小于 1')).toBeTruthy();
    expect(router.current).toBe(PAGES.supplierEdit);
    expect((await backend.deps.store.getSupplier('S01'))?.pull).toBeUndefined();

    fill('拉取地址', 'https://erp.example.com/stock');
    fill('编码字段', 'sku');
    fill('热销间隔', '10');
    fill('每天可调用次数', '48');
    fill('下一页字段', 'data.next');
    fireEvent.click(screen.getByLabelText('跳变保护豁免'));
    expect(within(fieldOf('跳变保护豁免')).getByText('豁免')).toBeTruthy();
    fireEvent.click(screen.getByText('保存'));

    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    expect(await backend.deps.store.getSupplier('S01')).toMatchObject<Partial<Supplier>>({
      apiJumpExempt: true,
      pull: { system: 'json', url: 'https://erp.example.com/stock', items: 'data.list', code: 'sku', quantity: 'qty', nextCursor: 'data.next', everyMinutes: { hot: 10 }, callsPerDay: 48 },
    });

    fireEvent.click((await screen.findByText('鲜丰冷链仓')).closest('.hz-supplier-card') as HTMLElement);
    await screen.findByText('编辑 鲜丰冷链仓');
    expect((screen.getByLabelText('拉取地址') as HTMLInputElement).value).toBe('https://erp.example.com/stock');
    expect((screen.getByLabelText('商品列表字段') as HTMLInputElement).value).toBe('data.list');
    expect((screen.getByLabelText('热销间隔') as HTMLInputElement).value).toBe('10');
    expect((screen.getByLabelText('常规间隔') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('每天可调用次数') as HTMLInputElement).value).toBe('48');
    expect(within(fieldOf('跳变保护豁免')).getByText('豁免')).toBeTruthy();
    expect(screen.getByText(/还没有拉取过/)).toBeTruthy();

    // 不拉取 clears the source; the other settings stay.
    fireEvent.click(screen.getByText('不拉取'));
    expect(screen.queryByLabelText('拉取地址')).toBeNull();
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    const cleared = await backend.deps.store.getSupplier('S01');
    expect(cleared?.pull).toBeUndefined();
    expect(cleared?.apiJumpExempt).toBe(true);
  });

  test('a 聚水潭-style source keeps only its own fields', async () => {
    const { router } = await openColdStore();
    fireEvent.click(screen.getByText('聚水潭式分页查询'));
    expect(screen.queryByLabelText('商品列表字段')).toBeNull();
    fill('拉取地址', 'https://proxy.example.com/jst/inventory');
    fill('每页条数', '200');
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    expect((await backend.deps.store.getSupplier('S01'))?.pull).toEqual({ system: 'jushuitan', url: 'https://proxy.example.com/jst/inventory', pageSize: 200 });
  });

  test('the health line shows the last success, latency and error, and says when counts are estimated', async () => {
    const cold = (await backend.deps.store.getSupplier('S01'))!;
    await backend.deps.store.upsertSuppliers([{ ...cold, pull: { system: 'sheet', url: 'https://erp.example.com/stock.csv' } }]);
    const success = TEST_NOW - 40 * 60_000;
    await backend.deps.store.savePullHealth({
      supplierId: 'S01', lastAttemptAt: TEST_NOW - 5 * 60_000, lastSuccessAt: success, lastLatencyMs: 320,
      lastError: { at: TEST_NOW - 5 * 60_000, message: '连接超时（8 秒）' }, failuresInRow: 3,
    });
    await openColdStore();

    const pull = section('库存拉取（选填）');
    expect(within(pull).getByText('上次成功 09:20 · 延迟 320 ms')).toBeTruthy();
    expect(within(pull).getByText('最近错误（09:55）：连接超时（8 秒）')).toBeTruthy();
    expect(within(pull).getByText('连续失败 3 次，数量按估算显示')).toBeTruthy();
    expect((screen.getByLabelText('拉取地址') as HTMLInputElement).value).toBe('https://erp.example.com/stock.csv');

    // Two failures are an error worth seeing, not yet estimated counts.
    await backend.deps.store.savePullHealth({ supplierId: 'S01', lastAttemptAt: TEST_NOW - 5 * 60_000, lastSuccessAt: success, lastLatencyMs: 320, lastError: { at: TEST_NOW - 5 * 60_000, message: 'HTTP 502' }, failuresInRow: 2 });
    cleanup();
    await openColdStore();
    expect(within(section('库存拉取（选填）')).getByText('最近错误（09:55）：HTTP 502')).toBeTruthy();
    expect(screen.queryByText(/数量按估算显示/)).toBeNull();
  });
});

describe('波次推送', () => {
  test('a webhook URL is saved, refused when it is not http(s), and cleared', async () => {
    const { router } = await openColdStore();
    fill('接收地址', 'erp.example.com/waves');
    fireEvent.click(screen.getByText('保存'));
    expect(await within(fieldOf('接收地址')).findByText('应为 http:// 或 https:// 开头的地址')).toBeTruthy();

    fill('接收地址', 'https://erp.example.com/hz/waves');
    fireEvent.click(screen.getByLabelText('逐单推送'));
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    expect((await backend.deps.store.getSupplier('S01'))?.webhook).toEqual({ url: 'https://erp.example.com/hz/waves', lines: true });

    fireEvent.click((await screen.findByText('鲜丰冷链仓')).closest('.hz-supplier-card') as HTMLElement);
    await screen.findByText('编辑 鲜丰冷链仓');
    expect((screen.getByLabelText('接收地址') as HTMLInputElement).value).toBe('https://erp.example.com/hz/waves');
    expect(within(fieldOf('逐单推送')).getByText('推送')).toBeTruthy();
    fireEvent.click(screen.getByText('清空地址'));
    expect((screen.getByLabelText('接收地址') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    expect((await backend.deps.store.getSupplier('S01'))?.webhook).toBeUndefined();
  });

  test('a delivery parked as failed shows its tries and last error; 重试 sends it again', async () => {
    const delivered: WebhookEvent = {
      id: 'wave.forwarded:S01_2026-11-24', supplierId: 'S01', kind: 'wave.forwarded', refId: 'S01_2026-11-24', createdAt: TEST_NOW - 50 * 60 * 60_000,
      status: 'delivered', attempts: 1, nextAttemptAt: TEST_NOW - 50 * 60 * 60_000, retryFrom: TEST_NOW - 50 * 60 * 60_000, deliveredAt: TEST_NOW - 50 * 60 * 60_000,
    };
    await backend.deps.store.addWebhookEvents([delivered, failedEvent()]);
    await openColdStore();

    const list = section('推送记录');
    const failed = (await within(list).findByText('波次订单 · 11月25日波次')).closest('.hz-webhook-event') as HTMLElement;
    expect(within(failed).getByText('已失败')).toBeTruthy();
    expect(within(failed).getByText('已尝试 30 次 · 已停止自动重试')).toBeTruthy();
    expect(within(failed).getByText('最近错误（08:00）：HTTP 503 Service Unavailable')).toBeTruthy();
    const ok = within(list).getByText('波次订单 · 11月24日波次').closest('.hz-webhook-event') as HTMLElement;
    expect(within(ok).getByText('已送达')).toBeTruthy();
    expect(within(ok).queryByText('重试')).toBeNull();

    fireEvent.click(within(failed).getByText('重试'));
    await waitFor(() => expect(within(section('推送记录')).getByText('待发送')).toBeTruthy());
    const again = within(section('推送记录')).getByText('波次订单 · 11月25日波次').closest('.hz-webhook-event') as HTMLElement;
    expect(within(again).getByText(/已由运营重新发送，等待发送/)).toBeTruthy();
    expect(within(again).queryByText('重试')).toBeNull();
    expect(await backend.deps.store.getWebhookEvent(failedEvent().id)).toMatchObject({ status: 'pending', nextAttemptAt: TEST_NOW, retriedBy: 'U-OP1' });
  });

  test('a delivery being retried says when the next try is; no 重试 button while it retries itself', async () => {
    await backend.deps.store.addWebhookEvents([failedEvent({ status: 'pending', attempts: 3, nextAttemptAt: TEST_NOW + 4 * 60_000, retryFrom: TEST_NOW - 10 * 60_000 })]);
    await openColdStore();
    const row = (await within(section('推送记录')).findByText('波次订单 · 11月25日波次')).closest('.hz-webhook-event') as HTMLElement;
    expect(within(row).getByText('重试中')).toBeTruthy();
    expect(within(row).getByText('已尝试 3 次 · 下次 10:04')).toBeTruthy();
    expect(within(row).queryByText('重试')).toBeNull();
  });
});

describe('供应商的推送记录', () => {
  test('an API supplier reads its own deliveries on its waves page, read only', async () => {
    await backend.deps.store.addWebhookEvents([
      failedEvent(),
      { id: 'line.placed:L-1', supplierId: 'S01', kind: 'line.placed', refId: 'O-1', skuId: 'HZ1001', units: 3, createdAt: TEST_NOW - 60_000, status: 'delivered', attempts: 1, nextAttemptAt: TEST_NOW, retryFrom: TEST_NOW, deliveredAt: TEST_NOW },
      // Another supplier's delivery is not theirs to see.
      failedEvent({ id: 'wave.forwarded:S02_2026-11-25', supplierId: 'S02', refId: 'S02_2026-11-25', lastError: { at: TEST_NOW, message: '果园的错误' } }),
    ]);
    const { router } = await openApp(PAGES.report, { as: 'DEMO-S01' });
    fireEvent.click(await screen.findByText('波次 / 拣货单'));
    expect(router.current).toBe(PAGES.waves);

    const pushes = (await screen.findByText('系统推送')).closest('.hz-webhook-section') as HTMLElement;
    const row = (await within(pushes).findByText('波次订单 · 11月25日波次')).closest('.hz-webhook-event') as HTMLElement;
    expect(within(row).getByText('已失败')).toBeTruthy();
    expect(within(row).getByText('最近错误（08:00）：HTTP 503 Service Unavailable')).toBeTruthy();
    expect(within(row).queryByText('重试')).toBeNull();
    const line = within(pushes).getByText('新订单 · 商品 HZ1001 · 3 件').closest('.hz-webhook-event') as HTMLElement;
    expect(within(line).getByText('已送达')).toBeTruthy();
    expect(within(line).getByText('10:00 送达 · 已尝试 1 次')).toBeTruthy();
    expect(screen.queryByText(/果园的错误/)).toBeNull();
  });

  test('with nothing pushed yet, the supplier sees an empty state', async () => {
    await openApp(PAGES.waves, { as: 'DEMO-S02' });
    const pushes = (await screen.findByText('系统推送')).closest('.hz-webhook-section') as HTMLElement;
    expect(await within(pushes).findByText('暂无推送记录')).toBeTruthy();
  });
});
