import { makeAutoObservable, runInAction } from 'mobx';
import Taro from '@tarojs/taro';
import { callFunction } from '../../services/api';
import { FieldReader, defined } from '../../services/fields';
import type { PersonView, Role } from '../../services/types';
import { type LoadStatus, loadInto, needsLoad } from '../loadable';
import { type Built, FormState } from './form';

export const ROLE_NAMES: Record<Role, string> = { leader: '团长', supplier: '供应商人员', operator: '运营' };
const ROLE_ORDER: Role[] = ['leader', 'supplier', 'operator'];

/** Everyone who can sign in, with their invite codes. */
export class PeopleStore {
  list: PersonView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  load(): Promise<void> {
    return loadInto(this, () => callFunction<PersonView[]>('operator', 'listPeople'), (list) => (this.list = list));
  }

  async ensureLoaded(): Promise<void> {
    if (needsLoad(this)) await this.load();
  }

  get byRole(): Array<{ role: Role; people: PersonView[] }> {
    return ROLE_ORDER.map((role) => ({ role, people: this.list.filter((p) => p.role === role) })).filter((g) => g.people.length > 0);
  }

  find(id: string): PersonView | undefined {
    return this.list.find((p) => p.id === id);
  }
}

export const PERSON_FIELDS = ['id', 'name', 'role', 'supplierId', 'community', 'pickupPoint', 'phone', 'address', 'wecomWebhook'] as const;

export interface PersonInput {
  id?: string;
  name: string;
  role: Role;
  supplierId?: string;
  community?: string;
  pickupPoint?: string;
  phone?: string;
  address?: string;
  wecomWebhook?: string;
}

/** Invite someone (the server makes the code) or edit them. */
export class PersonEditStore {
  readonly form: FormState;
  /** After saving: the person with the invite code to hand over. */
  saved: PersonView | null = null;
  copied: 'yes' | 'failed' | null = null;

  constructor(
    readonly existing: PersonView | undefined,
    role: Role = 'leader',
  ) {
    this.form = new FormState(
      {
        name: existing?.name ?? '',
        role: existing?.role ?? role,
        supplierId: existing?.supplierId ?? '',
        community: existing?.community ?? '',
        pickupPoint: existing?.pickupPoint ?? '',
        phone: existing?.phone ?? '',
        address: existing?.address ?? '',
        wecomWebhook: existing?.wecomWebhook ?? '',
      },
      { prefix: 'person', fields: PERSON_FIELDS },
    );
    makeAutoObservable(this, { form: false, existing: false });
  }

  get role(): Role {
    return this.form.value('role') as Role;
  }

  private build(): Built<PersonInput> {
    const r = new FieldReader(this.form.values);
    const role = this.role;
    const supplierId = role === 'supplier' ? r.text('supplierId') : undefined;
    if (role === 'supplier' && !supplierId) r.fail('supplierId', '请选择供应商');
    const person = defined<PersonInput>({
      id: this.existing?.id,
      name: r.text('name', { required: true }) ?? '',
      role,
      supplierId,
      community: role === 'leader' ? r.text('community', { required: true }) : undefined,
      // Where the supplier ships the leader's goods (the pick list prints them).
      pickupPoint: role === 'leader' ? r.text('pickupPoint') : undefined,
      phone: role === 'leader' ? r.text('phone') : undefined,
      address: role === 'leader' ? r.text('address') : undefined,
      // Only a leader's group robot is kept per person; a supplier's is on the supplier.
      wecomWebhook: role === 'leader' ? r.text('wecomWebhook') : undefined,
    });
    return r.ok ? { ok: true, value: person } : { ok: false, errors: r.errors };
  }

  async save(): Promise<boolean> {
    const result = await this.form.submit(
      () => this.build(),
      (person) => callFunction<PersonView>('operator', 'savePerson', { person }),
    );
    if (result?.ok) {
      runInAction(() => {
        this.saved = result.data;
        this.copied = null;
      });
    }
    return result?.ok ?? false;
  }

  async copyCode(code: string): Promise<void> {
    const copied = await copyText(code);
    runInAction(() => (this.copied = copied ? 'yes' : 'failed'));
  }
}

/** The clipboard, where the platform lets us (a browser may refuse outside a secure page). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await Taro.setClipboardData({ data: text });
    return true;
  } catch {
    return false;
  }
}
