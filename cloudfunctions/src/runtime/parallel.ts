// Work on many items with a bounded number in flight: database calls cost round trips,
// not CPU, so a function's time goes to waiting, and waiting on several at once is the
// way to fit thousands of calls in it without tripping the service's concurrency limit.
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
