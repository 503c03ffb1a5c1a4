import { makeAutoObservable, observable, runInAction } from 'mobx';
import type { Result } from '../../services/api';
import type { RuleChangePreview } from '../../services/types';
import type { Built, FormState } from './form';

/**
 * A save whose effect on sellable is shown first (issue 12; DESIGN §8: a change's
 * consequence named before it is made). 保存 asks the server what the change would do;
 * if nothing moves it is saved at once, otherwise the effect waits for 确认保存 or 返回修改.
 */
export class PreviewedSave<T> {
  /** The value the effect was worked out for, and the effect. */
  effect: { value: T; preview: RuleChangePreview } | null = null;

  constructor(
    private readonly form: FormState,
    private readonly build: () => Built<T>,
    private readonly preview: (value: T) => Promise<Result<RuleChangePreview>>,
    private readonly commit: (value: T) => Promise<boolean>,
  ) {
    makeAutoObservable<PreviewedSave<T>, 'form' | 'build' | 'preview' | 'commit'>(this, {
      effect: observable.ref, form: false, build: false, preview: false, commit: false,
    });
  }

  async save(): Promise<boolean> {
    this.effect = null;
    const built = this.build();
    const result = await this.form.submit(() => built, (value) => this.preview(value), null);
    if (!result?.ok || !built.ok) return false;
    if (result.data.skus === 0) return this.commit(built.value);
    const effect = { value: built.value, preview: result.data };
    runInAction(() => (this.effect = effect));
    return false;
  }

  /** 确认保存: what the effect was worked out for; if the form changed since, the effect is asked again. */
  async confirm(): Promise<boolean> {
    const effect = this.effect;
    if (!effect) return false;
    const built = this.build();
    if (!built.ok || JSON.stringify(built.value) !== JSON.stringify(effect.value)) return this.save();
    this.effect = null;
    return this.commit(effect.value);
  }

  /** 返回修改: nothing saved, the form as typed. */
  dismiss(): void {
    this.effect = null;
  }
}
