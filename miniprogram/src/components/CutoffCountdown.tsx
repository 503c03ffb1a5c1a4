import { Text } from '@tarojs/components';
import { countdownText, formatTime } from '../services/format';

/** Under this, the line turns to a warning: the group's list must be in now. */
const HURRY_MS = 30 * 60 * 1000;

/**
 * "22:00 截单 · 还剩 1小时25分": when what the leader orders now closes into the day's
 * wave (after it, orders join the next day's). By the server's clock (services/clock).
 */
export function CutoffCountdown({ cutoff, now }: { cutoff: { at: number; mixed: boolean } | null; now: number }) {
  if (!cutoff) return null;
  const hurry = cutoff.at - now <= HURRY_MS;
  return (
    <Text className={`hz-cutoff${hurry ? ' hz-cutoff--hurry' : ''}`}>
      {formatTime(cutoff.at, now)} 截单 · {countdownText(cutoff.at, now)}
      {cutoff.mixed ? '（各供应商截单时间不同，以最早的为准）' : ''}
    </Text>
  );
}
