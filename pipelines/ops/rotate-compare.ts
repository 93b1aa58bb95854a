/**
 * The new database of a key rotation against the old one, which is attached read-only as
 * `almp_old`. A record is the same record in both when it came from the same file content
 * (SHA-256, meta.files) and the same row of it: that needs no key, old or new, and no raw id.
 *
 * Erased persons: `almp forget` keeps no list of whom it erased (a list of pseudonyms would
 * itself be a record of them); what it leaves is their absence from raw.*. A record loaded
 * now from an archived file whose row the old database no longer holds is such a person's
 * and is left out again, row by row, as forget left it. A person delivered again after the
 * erasure (a new referral) is in the old database from the later file only, and so here.
 */
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { KIND_SPECS, KINDS, type Kind } from '../schema/kinds.ts';

export const OLD = 'almp_old';

const PERSON_KINDS = new Set<Kind>(KINDS.filter((kind) => KIND_SPECS[kind].columns.some((c) => c.type === 'pid')));

export interface LeftOut {
  readonly kind: Kind;
  /** The archived file, as the new ledger keeps its path (a Kundennummer in it masked). */
  readonly path: string;
  readonly records: number;
  /**
   * False when rows of the same file in the old database found no partner either: the two
   * loads numbered its rows differently (another version of almp read it), so the records
   * left out are not known to be an erased person's.
   */
  readonly linedUp: boolean;
}

/** Lineage rows of one kind in catalog `db`: file content, row, and what a row holds. */
function lineage(catalog: string, kind: Kind): string {
  const columns = KIND_SPECS[kind].columns;
  const values = columns.filter((c) => c.type !== 'pid').map((c) => `r.${ident(c.name)}`);
  const person = PERSON_KINDS.has(kind) ? 'r.participant_id' : 'NULL::VARCHAR';
  return `SELECT r.rowid AS rid, f.content_hash AS h, f.name AS name, f.path AS path, r._row, r._current AS c, ${person} AS p, hash(${values.join(', ')}) AS v
    FROM ${catalog}.raw.${ident(kind)} AS r JOIN ${catalog}.meta.files AS f ON f.file_id = r._file_id`;
}

async function mainCatalog(db: Db): Promise<string> {
  return ident((await db.one<{ name: string }>('SELECT current_database() AS name'))!.name);
}

/**
 * A record left in the old database: the same file, row and values. The row alone paired the
 * erased person's record with its neighbour when the two loads numbered the file's rows
 * differently (an older almp counted a title or header row otherwise), and kept it.
 */
const SAME_RECORD = 'n.h = o.h AND n._row = o._row AND n.v = o.v';

/** Removes the records of persons the old database no longer holds; names the files they were in. */
export async function leaveOutErased(db: Db): Promise<LeftOut[]> {
  const main = await mainCatalog(db);
  const leftOut: LeftOut[] = [];
  await db.transaction(async () => {
    for (const kind of PERSON_KINDS) {
      await db.run(
        `CREATE OR REPLACE TEMP TABLE _rotate_unmatched AS
         SELECT n.rid, n.h, n.path FROM (${lineage(main, kind)}) AS n ANTI JOIN (${lineage(OLD, kind)}) AS o ON ${SAME_RECORD}`,
      );
      const files = await db.json<{ path: string; records: string; unpartnered: string }>(
        `SELECT u.path, count(*) AS records,
           (SELECT count(*) FROM (${lineage(OLD, kind)}) AS o ANTI JOIN (${lineage(main, kind)}) AS n ON ${SAME_RECORD} WHERE o.h = u.h) AS unpartnered
         FROM temp._rotate_unmatched AS u GROUP BY u.h, u.path ORDER BY u.path`,
      );
      for (const f of files) leftOut.push({ kind, path: f.path, records: Number(f.records), linedUp: Number(f.unpartnered) === 0 });
      await db.run(`DELETE FROM raw.${ident(kind)} WHERE rowid IN (SELECT rid FROM temp._rotate_unmatched)`);
    }
    await db.run('DROP TABLE IF EXISTS temp._rotate_unmatched');
  });
  return leftOut;
}

export interface KindComparison {
  readonly kind: Kind;
  readonly oldRecords: number;
  readonly newRecords: number;
  readonly oldCurrent: number;
  readonly newCurrent: number;
  /** Records in both whose values (all but the pseudonym) differ. */
  readonly valuesDiffer: number;
  /** Records in both in force in one database and not in the other. */
  readonly currentDiffers: number;
  readonly oldPersons: number;
  readonly newPersons: number;
  /** Distinct (old, new) pseudonym pairs: equal to both person counts when every person maps to one. */
  readonly personPairs: number;
  /** Records whose pseudonym is the same in both: the old key still at work. */
  readonly samePseudonym: number;
  /** Old records with no partner, per old file name. */
  readonly missingByFile: readonly { name: string; records: number; contentHash: string }[];
}

export async function compareKinds(db: Db): Promise<KindComparison[]> {
  const main = await mainCatalog(db);
  const result: KindComparison[] = [];
  for (const kind of KINDS) {
    const [counts] = await db.json<Record<string, string>>(
      `WITH o AS (${lineage(OLD, kind)}), n AS (${lineage(main, kind)})
       SELECT (SELECT count(*) FROM o) AS old_records, (SELECT count(*) FROM n) AS new_records,
         (SELECT count(*) FILTER (WHERE c) FROM o) AS old_current, (SELECT count(*) FILTER (WHERE c) FROM n) AS new_current,
         (SELECT count(DISTINCT p) FROM o) AS old_persons, (SELECT count(DISTINCT p) FROM n) AS new_persons,
         count(*) FILTER (WHERE o.v <> n.v) AS values_differ, count(*) FILTER (WHERE o.c <> n.c) AS current_differs,
         count(DISTINCT (o.p, n.p)) FILTER (WHERE o.p IS NOT NULL) AS pairs, count(*) FILTER (WHERE o.p = n.p) AS same
       FROM o JOIN n ON o.h = n.h AND o._row = n._row`,
    );
    const missing = await db.json<{ name: string; records: string; h: string }>(
      `SELECT o.name, o.h, count(*) AS records FROM (${lineage(OLD, kind)}) AS o ANTI JOIN (${lineage(main, kind)}) AS n ON n.h = o.h AND n._row = o._row
       GROUP BY o.h, o.name ORDER BY o.name`,
    );
    const n = (key: string) => Number(counts![key]);
    result.push({
      kind,
      oldRecords: n('old_records'),
      newRecords: n('new_records'),
      oldCurrent: n('old_current'),
      newCurrent: n('new_current'),
      valuesDiffer: n('values_differ'),
      currentDiffers: n('current_differs'),
      oldPersons: n('old_persons'),
      newPersons: n('new_persons'),
      personPairs: n('pairs'),
      samePseudonym: n('same'),
      missingByFile: missing.map((m) => ({ name: m.name, records: Number(m.records), contentHash: m.h })),
    });
  }
  return result;
}

/** A kind whose records are not the old database's with other pseudonyms. */
export function kindDiffers(c: KindComparison): boolean {
  const persons = PERSON_KINDS.has(c.kind) && (c.oldPersons !== c.newPersons || c.personPairs !== c.oldPersons || c.samePseudonym > 0);
  return c.oldRecords !== c.newRecords || c.oldCurrent !== c.newCurrent || c.valuesDiffer > 0 || c.currentDiffers > 0 || persons;
}

/**
 * Indicator rows in one database and not in the other (figures to 9 decimals: sums in
 * another order may differ in the last bit).
 */
export async function compareIndicators(db: Db): Promise<{ onlyOld: number; onlyNew: number }> {
  const main = await mainCatalog(db);
  const rows = (catalog: string) =>
    `SELECT * REPLACE (round(numerator, 9) AS numerator, round(value, 9) AS value, round(ci_low, 9) AS ci_low,
       round(ci_high, 9) AS ci_high, round(denominator, 9) AS denominator) FROM ${catalog}.mart.indicator_values`;
  const onlyOld = await db.scalar(`SELECT count(*) FROM (${rows(OLD)} EXCEPT ALL ${rows(main)})`);
  const onlyNew = await db.scalar(`SELECT count(*) FROM (${rows(main)} EXCEPT ALL ${rows(OLD)})`);
  return { onlyOld, onlyNew };
}
