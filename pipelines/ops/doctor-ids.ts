/**
 * Ids loaded before an ingest refused them: an id a spreadsheet reads as a formula ('=2+3')
 * and a Kundennummer typed with a separator ('123A 456789') in another id column are refused
 * since 2026-12-05, one inside an id ('06411-248G658486') since 2026-12-06 (id-checks.ts), but records loaded earlier keep them — and a state instance
 * refuses an export that holds one (its import runs the same checks), with every other record of it.
 */
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { KIND_SPECS, KINDS } from '../schema/kinds.ts';
import { isFormulaLikeSql } from '../ingest/id-checks.ts';
import { holdsKundennummerWordSql, isSeparatedKundennummerSql } from '../ingest/value-shapes.ts';
import type { Finding } from './doctor.ts';

export async function refusedIdsFinding(db: Db): Promise<Finding | undefined> {
  const found: string[] = [];
  for (const kind of KINDS) {
    for (const c of KIND_SPECS[kind].columns.filter((col) => col.type === 'id')) {
      const x = ident(c.name);
      const n = await db
        .scalar(`SELECT count(*) FROM raw.${ident(kind)} WHERE _current AND ${x} IS NOT NULL AND (${isFormulaLikeSql(x)} OR ${isSeparatedKundennummerSql(x)} OR ${holdsKundennummerWordSql(x)})`)
        .catch(() => 0);
      if (n > 0) found.push(`${kind}.${c.name}: ${n}`);
    }
  }
  if (found.length === 0) return undefined;
  return {
    check: 'ids',
    severity: 'warning',
    message: `records loaded earlier hold ids an ingest refuses now, looking like a formula (=, +, -, @ first), a Kundennummer with a separator or holding one (${found.join('; ')}); a state instance refuses this database's export while they are current`,
    fix: 'have those files corrected at the source and ingest them again (the corrected records replace these by key); almp query shows them, e.g. SELECT measure_id FROM raw.measures WHERE _current',
  };
}
