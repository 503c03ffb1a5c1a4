import { makeAutoObservable, runInAction } from 'mobx';
import type { Result } from '../../services/api';
import { placeIssues } from '../../services/fields';

export interface FormSpec {
  /** The payload key the server's issue paths start with: `sku`, `supplier`, `settings`. */
  prefix: string;
  /** Every field the form shows, by its path under `prefix` (`bufferPolicy.ratio`). */
  fields: readonly string[];
  /** Fields shown in percent while the server speaks fractions. */
  percent?: readonly string[];
  /** Turn an issue path the form cannot place as is (a list index) into a field's path. */
  rewrite?: (path: string) => string;
}

export type Built<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** One edit form: what is in each box, the error at each box, and saving. Pages render it; stores say what it means. */
export class FormState {
  values: Record<string, string>;
  errors: Record<string, string> = {};
  /** An error that names no field the form shows. */
  formError: string | null = null;
  saving = false;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor(
    initial: Record<string, string>,
    private readonly spec: FormSpec,
  ) {
    this.values = initial;
    makeAutoObservable<FormState, 'spec'>(this, { spec: false });
  }

  value(key: string): string {
    return this.values[key] ?? '';
  }

  set(key: string, value: string): void {
    this.values[key] = value;
    delete this.errors[key];
    this.formError = null;
  }

  reset(values: Record<string, string>): void {
    this.values = values;
    this.errors = {};
    this.formError = null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /**
   * Check what can be checked here, send, and spread a refusal over the fields it names.
   * `saved` is the toast on success (null: none, e.g. a preview that saved nothing).
   */
  async submit<T, R>(build: () => Built<T>, send: (value: T) => Promise<Result<R>>, saved: string | null = '已保存'): Promise<Result<R> | null> {
    if (this.saving) return null;
    this.formError = null;
    const built = build();
    if (!built.ok) {
      this.errors = built.errors;
      this.formError = `有 ${Object.keys(built.errors).length} 项需要修改`;
      this.notice = { text: '未保存', kind: 'fail' };
      return null;
    }
    this.errors = {};
    this.saving = true;
    const result = await send(built.value);
    runInAction(() => {
      this.saving = false;
      if (result.ok) {
        if (saved) this.notice = { text: saved, kind: 'success' };
        return;
      }
      const { rewrite } = this.spec;
      const issues = rewrite ? result.error.issues?.map((i) => ({ ...i, path: rewrite(i.path) })) : result.error.issues;
      const placed = placeIssues(issues, this.spec.prefix, this.spec.fields, this.spec.percent);
      this.errors = placed.fields;
      const count = Object.keys(placed.fields).length;
      // The server's message lists every issue; at the fields they read better one by one.
      this.formError = count > 0 && placed.other.length === 0 ? `未保存：${count} 项需要修改` : placed.other.join('；') || result.error.message;
      this.notice = { text: '未保存', kind: 'fail' };
    });
    return result;
  }
}
