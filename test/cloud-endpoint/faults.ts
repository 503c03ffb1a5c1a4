// How the local endpoint fails and slows down on purpose, the way the real service
// can: every database request answered late (latency), chosen requests answered with
// an error before or after they ran (injected failures), and a log of what arrived.
// The lock waits themselves live in store.ts; index.ts only counts them here.

/** What a rule sees of one database request. */
export interface CallInfo { action: string; collection?: string; transactionId?: string }

/** One database request as it arrived, and how an injected failure answered it. */
export interface LoggedCall extends CallInfo { failed?: 'before' | 'after' }

export interface FailRule {
  /** The nth request (1-based, counted from failCall) that `match` accepts fails. */
  nth: number;
  /** before: answered without running it; after: it ran (its effects stay), the answer is lost. */
  mode: 'before' | 'after';
  /** Default DATABASE_REQUEST_TIMEOUT. */
  code?: string;
  /** Default: a message in the service's style for known codes. */
  message?: string;
  /** Default: every database request. */
  match?: (call: CallInfo) => boolean;
}

export const DEFAULT_FAULT_CODE = 'DATABASE_REQUEST_TIMEOUT';

// In the shape of the service's other messages; the exact live texts are not known.
const MESSAGES: Record<string, string> = {
  DATABASE_REQUEST_TIMEOUT: '[FailedOperation.Timeout] Database request timeout, the operation took too long.',
  DATABASE_TIMEOUT: '[FailedOperation.Timeout] Database request timeout, the operation took too long.',
  EXCEED_REQUEST_LIMIT: '[LimitExceeded.RequestLimit] Exceed request limit of the environment.',
  EXCEED_CONCURRENT_REQUEST_LIMIT: '[LimitExceeded.ConcurrentRequestLimit] Exceed concurrent request limit of the environment.',
  EXCEED_RATELIMIT: '[LimitExceeded.RateLimit] Request frequency exceeds the package resource limit.',
  SYS_ERR: '[InternalError] System internal error.',
};
const TAIL = ' Please check your request, but if the problem persists, contact us.';

export const faultMessage = (code: string): string => (MESSAGES[code] ?? `[FailedOperation] ${code}.`) + TAIL;

interface ActiveRule { rule: FailRule; seen: number }

export class Faults {
  latencyMs = 0;
  lockWaits = 0;
  readonly callLog: LoggedCall[] = [];
  private rules: ActiveRule[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  add(rule: FailRule): void {
    if (!Number.isInteger(rule.nth) || rule.nth < 1) throw new Error(`failCall: nth must be a positive integer, got ${rule.nth}`);
    this.rules.push({ rule, seen: 0 });
  }

  /**
   * Logs a database request at its arrival and decides whether it fails. Every rule
   * counts the requests it matches on its own; when several reach their nth on the same
   * request, all are spent and the one added first sets the answer.
   */
  arrive(call: CallInfo): { mode: 'before' | 'after'; code: string; message: string } | undefined {
    const logged: LoggedCall = { ...call };
    this.callLog.push(logged);
    let chosen: FailRule | undefined;
    for (const active of [...this.rules]) {
      if (!(active.rule.match ?? (() => true))(call)) continue;
      if (++active.seen < active.rule.nth) continue;
      this.rules = this.rules.filter((r) => r !== active);
      chosen ??= active.rule;
    }
    if (!chosen) return undefined;
    logged.failed = chosen.mode;
    const code = chosen.code ?? DEFAULT_FAULT_CODE;
    return { mode: chosen.mode, code, message: chosen.message ?? faultMessage(code) };
  }

  /** The configured latency, on a timer so other requests go on meanwhile. */
  delay(): Promise<void> {
    if (this.latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, this.latencyMs);
      this.timers.add(timer);
    });
  }

  /** Settings and counters back to none; requests already delayed still finish. */
  reset(): void {
    this.latencyMs = 0;
    this.lockWaits = 0;
    this.rules = [];
    this.callLog.length = 0;
  }

  /** On close: delayed requests are never answered (their connections are gone). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
