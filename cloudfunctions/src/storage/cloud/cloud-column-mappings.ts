// The cloud side of hand-mapped stock-file columns (collection column_mappings): one
// document per mapping under its id, added once and never updated; the latest per
// supplier and header set (by `at`, then id) is the one in force.
import type { ColumnMapping } from '../../domain/column-mapping';
import type { CloudAccess } from './cloud-access';
import { plain } from './cloud-sdk';

const newestFirst = (a: ColumnMapping, b: ColumnMapping): number => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export class CloudColumnMappings {
  constructor(private readonly a: CloudAccess) {}

  async add(mapping: ColumnMapping): Promise<void> {
    await this.a.insertOnce('column_mappings', mapping.id, mapping);
  }

  /** A supplier maps a handful of header sets in a season: reading them all is a call or two. */
  async latest(supplierId: string, headerKey: string): Promise<ColumnMapping | null> {
    const docs = await this.a.readAll('column_mappings', { supplierId, headerKey });
    return docs.map((d) => plain<ColumnMapping>(d)).sort(newestFirst)[0] ?? null;
  }
}
