// The cloud side of leaders' 接龙 aliases (collection leader_aliases): one document per
// entry under its id (`la_${leaderId}_${seq}`), added once and never updated, so a second
// add of the same place is refused by the _id itself.
import type { LeaderAlias } from '../../domain/model';
import type { CloudAccess } from './cloud-access';
import { plain } from './cloud-sdk';

const taught = (a: LeaderAlias, b: LeaderAlias): number => (a.leaderId < b.leaderId ? -1 : a.leaderId > b.leaderId ? 1 : a.seq - b.seq);

export class CloudLeaderAliases {
  constructor(private readonly a: CloudAccess) {}

  /** False when an entry with this id is there already. */
  async add(entry: LeaderAlias): Promise<boolean> {
    return this.a.insertOnce('leader_aliases', entry.id, entry);
  }

  async list(filter: { leaderId?: string }): Promise<LeaderAlias[]> {
    const docs = await this.a.readAll('leader_aliases', filter.leaderId === undefined ? {} : { leaderId: filter.leaderId });
    return docs.map((d) => plain<LeaderAlias>(d)).sort(taught);
  }
}
