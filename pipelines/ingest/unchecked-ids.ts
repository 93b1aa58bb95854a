/**
 * Jobcenter and provider ids that could not be checked for a lost leading zero. With the
 * reference list loaded, 6411 where the list knows 06411 is rejected (id-checks.ts); loaded
 * before the list, the same value went in without a word, became a Jobcenter of its own
 * (its own dashboard page and return) and matched nothing. contracts.md fixes no length or
 * pattern for an id — only that ids are text and keep their zeros — so a digits-only id is
 * neither refused nor padded on a guess: the load says that it could not be checked.
 */
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';

const LIST_NAME = { jobcenters: 'Jobcenter list', providers: 'provider list' } as const;
const SHOWN = 5;

export async function uncheckedIdNotes(db: Db, kind: Kind, fileId: number): Promise<string[]> {
  const notes: string[] = [];
  for (const c of KIND_SPECS[kind].columns) {
    if (!c.references) continue;
    // kind, reference and column are schema constants, not file content
    if ((await db.scalar(`SELECT count(*) FROM raw.${ident(c.references)} WHERE _current`)) > 0) continue;
    const ids = await db.all<{ id: string; n: bigint }>(
      `SELECT ${ident(c.name)} AS id, count(*) AS n FROM raw.${ident(kind)}
       WHERE _file_id = $fileId AND regexp_full_match(${ident(c.name)}, '[1-9][0-9]*') GROUP BY 1 ORDER BY 1`,
      { fileId },
    );
    if (ids.length === 0) continue;
    const shown = ids.slice(0, SHOWN).map((r) => `${r.id} (${Number(r.n)} row${Number(r.n) === 1 ? '' : 's'})`).join(', ');
    const more = ids.length > SHOWN ? ` and ${ids.length - SHOWN} more` : '';
    const example = ids[0]!.id;
    notes.push(
      `${c.name} ${shown}${more}: not checked for a lost leading zero, as the ${LIST_NAME[c.references]} (kind ${c.references}) is not loaded yet — ` +
        `an Excel number cell turns 0${example} into ${example}, which then counts as an id of its own and matches nothing. ` +
        `Load the list; if it holds the id with a leading zero, ask the sender for the file with the column formatted as text (the build's data-quality checks list the rows whose ${c.name} the list does not know).`,
    );
  }
  return notes;
}
