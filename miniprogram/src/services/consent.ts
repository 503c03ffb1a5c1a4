// WeChat subscription messages need the person's consent, one send per "accept"
// (DESIGN §6). WeChat only opens its consent sheet from a tap, and refuses once the tap's
// handler has awaited anything, so the templates are fetched ahead of time and
// `askConsent()` must be the first thing a tap handler calls. Self-hosted (H5) there are
// no subscription messages: every function here does nothing.
import Taro from '@tarojs/taro';
import { callFunction } from './api';
import type { ConsentView } from './types';

/** WeChat takes at most three one-time templates per request. */
const MAX_PER_ASK = 3;
/** Ask again (at an ordinary tap) only while fewer sends than this are left. */
const KEEP_AT_LEAST = 2;
/** The inbox offers a top-up at or below this many. */
export const LOW_CONSENTS = 1;

type ConsentAnswer = 'accept' | 'reject' | 'ban' | 'filter';
const ANSWERS = new Set<string>(['accept', 'reject', 'ban', 'filter']);

let templates: ConsentView[] = [];
let loaded: Promise<void> | null = null;

/** The mini-program in WeChat asks; the H5 build never does. */
export const consentSupported = (): boolean => process.env.TARO_ENV === 'weapp';

/** Fetch this person's templates once, before any tap needs them. */
export function prepareConsent(): Promise<void> {
  if (!consentSupported()) return Promise.resolve();
  loaded ??= callFunction<ConsentView[]>('account', 'subscribeTemplates').then((result) => {
    if (result.ok) templates = result.data;
    // A failed fetch is tried again next time.
    else loaded = null;
  });
  return loaded;
}

/** Someone else signs in: their templates are not ours. */
export function forgetConsent(): void {
  templates = [];
  loaded = null;
}

/** Which version of the mini-program is asking (开发版/体验版/正式版): a message opens the same one. */
function versionAsked(): { version?: string } {
  try {
    const info: unknown = Taro.getAccountInfoSync();
    // Outside WeChat the API answers a rejected promise instead of the account.
    if (typeof (info as Promise<unknown> | null)?.then === 'function') {
      (info as Promise<unknown>).catch(() => undefined);
      return {};
    }
    const version = (info as { miniProgram?: { envVersion?: unknown } } | null)?.miniProgram?.envVersion;
    return typeof version === 'string' ? { version } : {};
  } catch {
    return {};
  }
}

/** The templates as last known (remaining counts included). */
export const knownConsents = (): readonly ConsentView[] => templates;

function pick(all: boolean): ConsentView[] {
  const wanted = all ? templates : templates.filter((t) => t.remaining < KEEP_AT_LEAST);
  // The emptiest first: they are the ones an alert would miss.
  return [...wanted].sort((a, b) => a.remaining - b.remaining).slice(0, MAX_PER_ASK);
}

/**
 * Ask for consent to this person's alert templates and record what WeChat answered.
 * Call it synchronously at the start of a tap handler. `all`: ask even for templates
 * with sends left (the inbox's "补充提醒次数"). Answers the new counts, or null when
 * nothing was asked (not WeChat, no templates, the sheet was dismissed).
 */
export function askConsent(options: { all?: boolean } = {}): Promise<ConsentView[] | null> {
  if (!consentSupported()) return Promise.resolve(null);
  const asked = pick(options.all === true);
  if (asked.length === 0) return Promise.resolve(null);
  const tmplIds = asked.map((t) => t.templateId);
  let request: Promise<unknown>;
  try {
    request = Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option);
  } catch {
    return Promise.resolve(null);
  }
  return request.then(
    async (answer) => {
      const results: Record<string, ConsentAnswer> = {};
      for (const id of tmplIds) {
        const value = (answer as Record<string, unknown> | null)?.[id];
        if (typeof value === 'string' && ANSWERS.has(value)) results[id] = value as ConsentAnswer;
      }
      if (Object.keys(results).length === 0) return null;
      const recorded = await callFunction<ConsentView[]>('account', 'recordConsents', { results, ...versionAsked() });
      if (!recorded.ok) return null;
      templates = recorded.data;
      return recorded.data;
    },
    // Dismissed, or the person turned subscription messages off in WeChat's settings.
    () => null,
  );
}
