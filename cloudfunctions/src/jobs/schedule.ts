// Timed work, run on the same schedule in both runtimes: croner timers in the
// self-hosted server, and the `scheduler` cloud function's timer trigger in WeChat.
import { Cron } from 'croner';
import { TZ } from '../domain/time';
import type { Deps } from '../handlers/action';
import { refreshStock } from './refresh-stock';
import { remindCutoff, remindOverAgeCounts, remindReports } from './reminders';
import { SCHEDULER_TICK_MS } from './tick';
import { closeDueWaves, escalateOverdueWaves } from './waves';

export interface ScheduledJob {
  name: string;
  /** 6-field cron (second first), Asia/Shanghai. */
  cron: string;
  run(deps: Deps): Promise<unknown>;
}

// Cutoff and deadline are settings (and per-supplier overrides), so their jobs run on
// every tick and act on whatever has come due; both are idempotent.
export const JOBS: ScheduledJob[] = [
  { name: 'refreshStock', cron: '0 */5 * * * *', run: refreshStock },
  { name: 'closeDueWaves', cron: '0 */5 * * * *', run: closeDueWaves },
  { name: 'escalateOverdueWaves', cron: '0 */5 * * * *', run: escalateOverdueWaves },
  { name: 'remindReports', cron: '0 */5 * * * *', run: remindReports },
  { name: 'remindCutoff', cron: '0 */5 * * * *', run: remindCutoff },
  { name: 'remindOverAgeCounts', cron: '0 */5 * * * *', run: remindOverAgeCounts },
];

export { SCHEDULER_TICK_MS, SCHEDULER_TRIGGER } from './tick';

/** Jobs with a fire time in (now − tick, now]: what one scheduler tick must run. */
export function dueJobs(now: number, jobs: ScheduledJob[] = JOBS, tickMs = SCHEDULER_TICK_MS): ScheduledJob[] {
  return jobs.filter((job) => {
    const next = new Cron(job.cron, { timezone: TZ, paused: true }).nextRun(new Date(now - tickMs));
    return next !== null && next.getTime() <= now;
  });
}

export async function runJobs(deps: Deps, jobs: ScheduledJob[]): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const job of jobs) {
    try {
      results[job.name] = await job.run(deps);
    } catch (err) {
      // One failing job must not stop the others; the next tick tries again.
      console.error(`[job ${job.name}]`, err);
      results[job.name] = { error: String(err) };
    }
  }
  return results;
}

/** Self-hosted: one croner timer per job, never overlapping itself. */
export function startTimers(deps: Deps, jobs: ScheduledJob[] = JOBS): () => void {
  const timers = jobs.map((job) => new Cron(job.cron, { timezone: TZ, protect: true }, async () => {
    await runJobs(deps, [job]);
  }));
  return () => timers.forEach((t) => t.stop());
}
