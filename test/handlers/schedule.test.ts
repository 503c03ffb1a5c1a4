import { type ScheduledJob, dueJobs, SCHEDULER_TICK_MS } from '../../cloudfunctions/src/jobs/schedule';

const shanghai = (h: number, m: number, s = 0): number => Date.UTC(2026, 10, 26, h - 8, m, s);
const job = (name: string, cron: string): ScheduledJob => ({ name, cron, run: async () => undefined });

describe('the scheduler tick', () => {
  const jobs = [job('every5', '0 */5 * * * *'), job('cutoff', '0 0 22 * * *'), job('reminder', '0 30 21 * * *')];

  it('runs every job whose time came since the last tick, in Shanghai time', () => {
    expect(dueJobs(shanghai(22, 0), jobs).map((j) => j.name)).toEqual(['every5', 'cutoff']);
    expect(dueJobs(shanghai(22, 3), jobs).map((j) => j.name)).toEqual(['every5', 'cutoff']); // a late tick still catches 22:00
    expect(dueJobs(shanghai(22, 5, 30), jobs).map((j) => j.name)).toEqual(['every5']);
    expect(dueJobs(shanghai(21, 30), jobs).map((j) => j.name)).toEqual(['every5', 'reminder']);
  });

  it('runs a daily job on one tick only', () => {
    const ticks = Array.from({ length: 288 }, (_, i) => shanghai(0, 0) + i * SCHEDULER_TICK_MS);
    expect(ticks.filter((t) => dueJobs(t, jobs).some((j) => j.name === 'cutoff')).length).toBe(1);
  });
});
