/**
 * What an output says when the build's as-of lies after the latest event in the data
 * (mart.data_cutoff): people without an exit count as active up to it and follow-up windows
 * close unobserved. The CLI warned; the return and the page said nothing (a controller's review).
 */
import type { Db } from '../db/database.ts';

const de = (iso: string) => iso.split('-').reverse().join('.');

/** The sentence for the outputs, or undefined when the as-of is the data's own date (or no build has the table). */
export async function cutoffNote(db: Db): Promise<string | undefined> {
  const rows = await db
    .json<{ as_of: string | null; latest_event: string | null }>('SELECT CAST(as_of AS VARCHAR) AS as_of, CAST(latest_event AS VARCHAR) AS latest_event FROM mart.data_cutoff')
    .catch(() => []);
  const { as_of: asOf, latest_event: latest } = rows[0] ?? { as_of: null, latest_event: null };
  if (!asOf || !latest || latest >= asOf) return undefined;
  return `Der Datenstand ${de(asOf)} liegt nach dem letzten Ereignis in den Daten (${de(latest)}): wer keinen Austritt hat, zählt bis zum Datenstand als aktiv, und Fristen nach dem Austritt laufen ab, ohne dass etwas beobachtet wurde.`;
}
