// Timed work, run on the same schedule in both runtimes: croner timers in the
// self-hosted server, and the `scheduler` cloud function's timer trigger in WeChat.
import { Cron } from 'croner';
import { TZ, inShanghai } from '../domain/time';
import type { Deps } from '../handlers/action';
import type { TickWindow } from '../domain/reminders';
import { resumeReports } from '../handlers/report-apply';
import { fits } from '../runtime/budget';
import { askRecounts } from './recount';
import { alertListingRetypes } from './listing-retype';
import { pushListingStock } from './listing-push';
import { pullStock } from './pull-stock';
import { refreshStock } from './refresh-stock';
import { runStocktakes } from './stocktakes';
import { sendScorecardDigests } from './scorecard-digest';
import { forgetOldNonces } from '../open/authenticate';
import { enqueueLineEvents } from './line-events';
import { deliverWebhooks } from './webhooks';
import { remindCutoff, remindOverAgeCounts, remindReports } from './reminders';
import { SCHEDULER_TICK_MS } from './tick';
import { closeDueWaves, escalateOverdueWaves } from './waves';

export interface ScheduledJob {
  name: string;
  /** 6-field cron (second first), Asia/Shanghai. */
  cron: string;
  /** `window`: from the job's last completed run (at most a day back; on its first run, the day so far) to now, so a run after missed ticks catches up. */
  run(deps: Deps, window: TickWindow): Promise<unknown>;
}

const EVERY_TICK = '0 */5 * * * *';
const DIGEST_CRON = '0 0 9 * * 1';

// Cutoff and deadline are settings (and per-supplier overrides), so their jobs run on
// every tick and act on whatever has come due; every job is idempotent. In this order:
// closing the day comes first, so a long refresh never delays a cutoff.
export const JOBS: ScheduledJob[] = [
  { name: 'closeDueWaves', cron: EVERY_TICK, run: (deps) => closeDueWaves(deps) },
  { name: 'escalateOverdueWaves', cron: EVERY_TICK, run: (deps) => escalateOverdueWaves(deps) },
  { name: 'remindCutoff', cron: EVERY_TICK, run: (deps, window) => remindCutoff(deps, window) },
  { name: 'remindReports', cron: EVERY_TICK, run: (deps, window) => remindReports(deps, window) },
  { name: 'resumeReports', cron: EVERY_TICK, run: (deps) => resumeReports(deps) },
  { name: 'remindOverAgeCounts', cron: EVERY_TICK, run: (deps) => remindOverAgeCounts(deps) },
  { name: 'askRecounts', cron: EVERY_TICK, run: (deps) => askRecounts(deps) },
  { name: 'alertListingRetypes', cron: EVERY_TICK, run: (deps) => alertListingRetypes(deps) },
  // 微信小店 stock: one WeChat call per changed listing, each in its own small writes.
  { name: 'pushListingStock', cron: EVERY_TICK, run: (deps) => pushListingStock(deps) },
  { name: 'runStocktakes', cron: EVERY_TICK, run: (deps, window) => runStocktakes(deps, window) },
  // Monday 09:00: last week's card to each supplier — only over a window that holds that
  // time, however often the job is called.
  { name: 'sendScorecardDigests', cron: DIGEST_CRON, run: (deps, window) => (firesIn(DIGEST_CRON, window.from, window.to) ? sendScorecardDigests(deps) : Promise.resolve({ notDue: true })) },
  { name: 'refreshStock', cron: EVERY_TICK, run: (deps) => refreshStock(deps) },
  // Suppliers' systems last: a slow one waits for its timeout, never in front of a cutoff.
  { name: 'pullStock', cron: EVERY_TICK, run: (deps) => pullStock(deps) },
  { name: 'forgetOldNonces', cron: EVERY_TICK, run: (deps) => forgetOldNonces(deps) },
  { name: 'enqueueLineEvents', cron: EVERY_TICK, run: (deps) => enqueueLineEvents(deps) },
  { name: 'deliverWebhooks', cron: EVERY_TICK, run: (deps) => deliverWebhooks(deps) },
];

/** A job that missed runs catches up at most this far back: an older reminder helps nobody. */
export const MAX_CATCH_UP_MS = 24 * 60 * 60 * 1000;
/** Jobs left once less than this of the call remains wait for the next tick (they catch up then). */
const JOB_RESERVE_MS = 5_000;

export { SCHEDULER_TICK_MS, SCHEDULER_TRIGGER } from './tick';

/** Whether `cron` has a fire time in (from, to]. */
function firesIn(cron: string, from: number, to: number): boolean {
  const next = new Cron(cron, { timezone: TZ, paused: true }).nextRun(new Date(from));
  return next !== null && next.getTime() <= to;
}

/** Jobs with a fire time in (now − tick, now]: what one scheduler tick must run. */
export function dueJobs(now: number, jobs: ScheduledJob[] = JOBS, tickMs = SCHEDULER_TICK_MS): ScheduledJob[] {
  return jobs.filter((job) => firesIn(job.cron, now - tickMs, now));
}

/**
 * Whether a job is due over its window: a fire time since it last ran, or in the last
 * tick (a trigger firing a moment early still runs the job of its tick).
 */
export const dueOver = (job: ScheduledJob, window: TickWindow, tickMs = SCHEDULER_TICK_MS): boolean =>
  firesIn(job.cron, Math.min(window.from, window.to - tickMs), window.to);

/**
 * The window a job's run covers: since its last completed run, at most a day. A job
 * that never ran covers the day so far: a server first started at 10:30 still sees
 * that nobody reported for 08:00.
 */
export async function jobWindow(deps: Deps, name: string): Promise<TickWindow> {
  const now = deps.clock.now();
  const last = await deps.store.getJobRun(name);
  const startOfDay = inShanghai(now).startOf('day').valueOf();
  return { from: Math.max(last ?? startOfDay, now - MAX_CATCH_UP_MS), to: now };
}

const isUnfinished = (result: unknown): boolean =>
  typeof result === 'object' && result !== null && (result as { unfinished?: unknown }).unfinished === true;

/**
 * Run jobs in order, each over its window (those `due` says so, all by default); a job
 * that fails or does not fit waits for the next tick.
 */
export async function runJobs(deps: Deps, jobs: ScheduledJob[], due: (job: ScheduledJob, window: TickWindow) => boolean = () => true): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const job of jobs) {
    if (!fits(JOB_RESERVE_MS)) {
      results[job.name] = { deferred: true };
      continue;
    }
    try {
      const window = await jobWindow(deps, job.name);
      if (!due(job, window)) continue;
      const result = await job.run(deps, window);
      results[job.name] = result;
      // A job out of time says so: it runs again next tick over the same window.
      if (!isUnfinished(result)) await deps.store.recordJobRun(job.name, window.to);
    } catch (err) {
      // One failing job must not stop the others; the next tick tries again over a wider window.
      console.error(`[job ${job.name}]`, err);
      results[job.name] = { error: String(err) };
    }
  }
  return results;
}

/**
 * What the timers, the scheduler function and a starting server run: every job whose
 * time came since it last ran, over everything it missed (a late start, a restart, a
 * trigger that never fired). Alerts are deduplicated by event, so nothing is raised twice.
 */
export const runDueJobs = (deps: Deps, jobs: ScheduledJob[] = JOBS): Promise<Record<string, unknown>> => runJobs(deps, jobs, (job, window) => dueOver(job, window));

/**
 * A timer trigger's event, as WeChat sends it: `{Type: 'Timer', TriggerName, Time}`,
 * and no user behind it. A call from the mini-program carries the caller's OPENID.
 */
export function isTimerTrigger(event: unknown, openid: string | undefined): boolean {
  return !openid && typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer';
}

/** Self-hosted: one croner timer on the tick running the due jobs in order, never overlapping itself. */
export function startTimers(deps: Deps, jobs: ScheduledJob[] = JOBS): () => void {
  const timer = new Cron(EVERY_TICK, { timezone: TZ, protect: true }, async () => {
    await runDueJobs(deps, jobs);
  });
  return () => timer.stop();
}
