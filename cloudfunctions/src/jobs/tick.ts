/** How often WeChat fires the scheduler function (config.json, 7 fields): every job's cron is a multiple of it. */
export const SCHEDULER_TICK_MS = 5 * 60 * 1000;
export const SCHEDULER_TRIGGER = '0 */5 * * * * *';
