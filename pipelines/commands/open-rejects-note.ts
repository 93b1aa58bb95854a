/**
 * What the build did not see: rows rejected and files refused at ingest that no later
 * delivery fixed. `almp run` printed the models, the checks and the outputs without a word of
 * them, where contracts.md says a run always prints what it rejected (an audit); ingest said
 * so hours before, in another terminal or in the scheduler's log.
 */
import type { Db } from '../db/database.ts';
import { files, rows } from '../counts.ts';
import { isOpen, recentRejects } from '../ops/status-rejects.ts';
import { REJECTS_DAYS } from '../ops/status.ts';

const SHOWN = 3;

export async function openRejectsNote(db: Db, now: Date): Promise<string | undefined> {
  const open = (await recentRejects(db, new Date(now.getTime() - REJECTS_DAYS * 86_400_000))).filter(isOpen);
  if (open.length === 0) return undefined;
  const withRows = open.filter((r) => !r.refused);
  const refused = open.length - withRows.length;
  const parts = [
    ...(withRows.length > 0 ? [`${rows(withRows.reduce((n, r) => n + r.rows, 0))} rejected in ${files(withRows.length)}`] : []),
    ...(refused > 0 ? [`${files(refused)} refused whole`] : []),
  ];
  const listed = open.slice(0, SHOWN).map((r) => `${r.kind}/${r.name}: almp rejects ${r.file_id}`);
  const more = open.length > SHOWN ? `; ${files(open.length - SHOWN)} more: almp status` : '';
  return `Not loaded, so in no figure: ${parts.join(' and ')} at ingest in the last ${REJECTS_DAYS} days, not yet delivered again (${listed.join('; ')}${more}).`;
}
