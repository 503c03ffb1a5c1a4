// A clock a browser test can drive (HUOZHUN_TEST_CLOCK=1 only — never in real use):
// moving it forward runs the scheduler's jobs tick by tick, exactly as the timers
// would have over that stretch of the day.
import type { FastifyInstance } from 'fastify';
import { fail, ok } from '../domain/errors';
import type { Deps } from '../handlers/action';
import { JOBS, SCHEDULER_TICK_MS, dueJobs, runJobs } from '../jobs/schedule';
import type { ManualClock } from '../runtime/clock';

export function registerTestClock(app: FastifyInstance, deps: Deps, clock: ManualClock): void {
  app.post<{ Body: { to?: unknown } }>('/api/_test/advance', async (request) => {
    const to = Number(request.body?.to);
    if (!Number.isFinite(to) || to < clock.now()) return fail('VALIDATION', 'to 必须是不早于当前时间的毫秒时间戳');
    let ran = 0;
    // Land on every tick boundary on the way, then on the target itself.
    for (let t = Math.floor(clock.now() / SCHEDULER_TICK_MS) * SCHEDULER_TICK_MS + SCHEDULER_TICK_MS; t <= to; t += SCHEDULER_TICK_MS) {
      clock.set(t);
      const jobs = dueJobs(t, JOBS);
      await runJobs(deps, jobs);
      ran += jobs.length;
    }
    clock.set(to);
    return ok({ now: clock.now(), jobsRun: ran });
  });
  app.get('/api/_test/now', async () => ok({ now: clock.now() }));
}
