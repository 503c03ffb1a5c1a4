import { callFunction, onUnauthenticated, setTransport } from '@/services/api';
import { now, setClock } from '@/services/clock';

afterEach(() => {
  setTransport(null);
  setClock(null);
});

test('a lost answer becomes a NETWORK error, never an exception', async () => {
  setTransport({ send: () => Promise.reject(new Error('socket hang up')) });

  const result = await callFunction('leader', 'availability');

  expect(result).toEqual({ ok: false, error: { code: 'NETWORK', message: '网络不给力，请检查网络后重试' } });
});

test('an answer that is not a Result is reported, not passed on', async () => {
  setTransport({ send: () => Promise.resolve('<html>502 Bad Gateway</html>') });

  const result = await callFunction('leader', 'availability');

  expect(result.ok).toBe(false);
  expect(!result.ok && result.error.code).toBe('BAD_RESPONSE');
});

test('the call carries the action and payload; a Result passes through unchanged', async () => {
  const sent: unknown[] = [];
  setTransport({
    send: (fn, body) => {
      sent.push({ fn, body });
      return Promise.resolve({ ok: true, data: { hello: '你好' } });
    },
  });

  const result = await callFunction<{ hello: string }>('supplier', 'submitReport', { lines: [] });

  expect(sent).toEqual([{ fn: 'supplier', body: { action: 'submitReport', payload: { lines: [] } } }]);
  expect(result).toEqual({ ok: true, data: { hello: '你好' } });
});

test('UNAUTHENTICATED tells whoever listens (the session), and still answers the caller', async () => {
  setTransport({ send: () => Promise.resolve({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } }) });
  const heard = jest.fn();
  const stop = onUnauthenticated(heard);

  const result = await callFunction('leader', 'availability');
  stop();
  await callFunction('leader', 'availability');

  expect(heard).toHaveBeenCalledTimes(1);
  expect(!result.ok && result.error.message).toBe('请先登录');
});

test('the server\'s time in each answer sets the clock pages show, and the page gets the plain Result', async () => {
  // This phone's clock runs 40 minutes slow.
  const serverAhead = 40 * 60_000;
  setTransport({ send: () => Promise.resolve({ ok: true, data: [], now: Date.now() + serverAhead }) });

  const result = await callFunction('leader', 'availability');

  expect(result).toEqual({ ok: true, data: [] });
  expect(Math.abs(now() - (Date.now() + serverAhead))).toBeLessThan(1_000);
});
