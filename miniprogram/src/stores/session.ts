import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction, onUnauthenticated } from '../services/api';
import { forgetConsent, prepareConsent } from '../services/consent';
import { PAGES, type PagePath } from '../services/nav';
import { clearToken, getToken, setToken } from '../services/token';
import type { DemoIdentity, Role, SignInResult, UserView, WhoAmI } from '../services/types';
import { clearReportDraft } from '../services/report-draft';
import { forgetCart } from './cart-storage';
import type { LoadStatus } from './loadable';

const ROLE_LABELS: Record<Role, string> = { supplier: '供应商', leader: '团长', operator: '运营' };

/** Where each role lands after signing in. */
const HOME_BY_ROLE: Record<Role, PagePath> = {
  supplier: PAGES.report,
  leader: PAGES.availability,
  operator: PAGES.operatorHome,
};

/** Who is using the phone: the signed-in person, how to sign in, and where they belong. */
export class SessionStore {
  user: UserView | null = null;
  runtime: WhoAmI['runtime'] | null = null;
  demo = false;
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  demoIdentities: DemoIdentity[] = [];
  inviteCode = '';
  /** The invite code field's own error. */
  inviteCodeError: string | null = null;
  signInError: string | null = null;
  /** The invite code a sign-in is under way with (a demo person's, or the typed one). */
  signingIn: string | null = null;
  /** Opening the app signed in goes straight to work; after "切换身份" the login page stays. */
  autoEnter = true;

  private readonly unsubscribe: () => void;

  /** `onIdentityChange`: the person changed (signed in, out, or expired); other stores start over. */
  constructor(private readonly onIdentityChange: () => void = () => undefined) {
    makeAutoObservable<SessionStore, 'unsubscribe' | 'onIdentityChange'>(this, { unsubscribe: false, onIdentityChange: false });
    this.unsubscribe = onUnauthenticated(() => this.forget());
  }

  /** Who may place orders (the operator only watches). */
  get canOrder(): boolean {
    return this.user?.role === 'leader';
  }

  get homePath(): PagePath {
    return this.user ? HOME_BY_ROLE[this.user.role] : PAGES.login;
  }

  /** "王姐 · 团长 · 阳光小区" */
  get userLabel(): string {
    const u = this.user;
    if (!u) return '';
    const where = u.role === 'supplier' ? u.supplierName : u.role === 'leader' ? u.community : undefined;
    return [u.name, ROLE_LABELS[u.role], where].filter(Boolean).join(' · ');
  }

  /** Demo sign-in lists people; everywhere else a person types the invite code they were given. */
  get showsDemoPicker(): boolean {
    return this.runtime === 'selfhosted' && this.demo && this.demoIdentities.length > 0;
  }

  roleLabel(role: Role): string {
    return ROLE_LABELS[role];
  }

  setInviteCode(text: string): void {
    this.inviteCode = text;
    this.inviteCodeError = null;
    this.signInError = null;
  }

  /** Ask the server who we are (a stored token or a bound OPENID), and the demo people if any. */
  async load(): Promise<void> {
    this.status = 'loading';
    this.loadError = null;
    const who = await callFunction<WhoAmI>('account', 'whoami');
    if (!who.ok) {
      runInAction(() => {
        this.status = 'error';
        this.loadError = who.error.message;
      });
      return;
    }
    const people = who.data.demo ? await callFunction<DemoIdentity[]>('account', 'demoIdentities') : null;
    runInAction(() => {
      this.user = who.data.user;
      this.runtime = who.data.runtime;
      this.demo = who.data.demo;
      this.demoIdentities = people?.ok ? people.data : [];
      // A token the server no longer knows is worth nothing: drop it.
      if (!who.data.user && getToken()) clearToken();
      this.status = 'ready';
    });
    // WeChat asks consent from a tap, with no time to fetch: know the templates beforehand.
    if (who.data.user) void prepareConsent();
  }

  /** Load once per app start; pages call this on mount. */
  async ensureLoaded(): Promise<void> {
    if (this.status === 'idle' || this.status === 'error') await this.load();
  }

  signInWithCode(): Promise<boolean> {
    const code = this.inviteCode.trim();
    if (!code) {
      this.inviteCodeError = '请输入邀请码';
      return Promise.resolve(false);
    }
    return this.signIn(code);
  }

  async signIn(inviteCode: string): Promise<boolean> {
    if (this.signingIn) return false;
    this.signingIn = inviteCode;
    this.signInError = null;
    this.inviteCodeError = null;
    // Switching people: close the old session first so it does not linger on the server.
    if (getToken()) {
      await callFunction('account', 'signOut');
      clearToken();
    }
    const result = await callFunction<SignInResult>('account', 'signIn', { inviteCode });
    runInAction(() => {
      this.signingIn = null;
      if (!result.ok) {
        const fieldIssue = result.error.issues?.find((i) => i.path === 'inviteCode');
        if (fieldIssue) this.inviteCodeError = fieldIssue.message;
        this.signInError = result.error.message;
        return;
      }
      if (result.data.token) setToken(result.data.token);
      this.user = result.data.user;
      forgetConsent();
      this.onIdentityChange();
      this.inviteCode = '';
    });
    if (result.ok) void prepareConsent();
    return result.ok;
  }

  async signOut(): Promise<void> {
    this.autoEnter = false;
    await callFunction('account', 'signOut');
    runInAction(() => this.leavePhone());
  }

  /** Self-hosted, a real account: the person can end every session they have (a lost phone). */
  get canSignOutEverywhere(): boolean {
    return this.runtime === 'selfhosted' && !this.demo && this.user !== null;
  }

  /** 退出所有设备: this one and every other; answers whether the server did it. */
  async signOutEverywhere(): Promise<boolean> {
    this.autoEnter = false;
    const result = await callFunction('account', 'signOutEverywhere');
    if (result.ok) runInAction(() => this.leavePhone());
    return result.ok;
  }

  /**
   * 退出登录 takes what this person left on the phone too (a cart with customers' names, an
   * unsent report). An expired session does not: they sign in again and find it.
   */
  private leavePhone(): void {
    if (this.user) forgetCart(this.user.id);
    clearReportDraft();
    this.forget();
  }

  private forget(): void {
    clearToken();
    forgetConsent();
    this.user = null;
    this.onIdentityChange();
  }

  dispose(): void {
    this.unsubscribe();
  }
}
