/**
 * What an output says when the build's as-of lies after the latest event in the data
 * (mart.data_cutoff): people without an exit count as active up to it and follow-up windows
 * close unobserved. The CLI warned; the return and the page said nothing (a controller's review).
 */
import type { Db } from '../db/database.ts';
import { exportsBehind } from '../federation/exports-behind.ts';

const de = (iso: string) => iso.split('-').reverse().join('.');

/** The sentences for the outputs, or undefined when every part of the data reaches the as-of (or no build has the tables). */
export async function cutoffNote(db: Db): Promise<string | undefined> {
  const behind = (await exportsBehind(db)).map((b) => {
    const [whose, its] = !b.jobcenters ? ['einer Jobcenter-Instanz', 'ihre'] : b.jobcenters.includes(',') ? [`der Jobcenter ${b.jobcenters}`, 'ihre'] : [`des Jobcenters ${b.jobcenters}`, 'seine'];
    return `Die Daten ${whose} reichen nur bis ${de(b.cutoff)} (Stand des Exports ${b.export_name}): für spätere Zeiträume fehlen ${its} Ereignisse, Summen über Jobcenter mischen zwei Datenstände.`;
  });
  const notes = [await beyondData(db), ...behind];
  const said = notes.filter((n): n is string => n !== undefined);
  return said.length > 0 ? said.join(' ') : undefined;
}

async function beyondData(db: Db): Promise<string | undefined> {
  const rows = await db
    .json<{ as_of: string | null; latest_event: string | null }>('SELECT CAST(as_of AS VARCHAR) AS as_of, CAST(latest_event AS VARCHAR) AS latest_event FROM mart.data_cutoff')
    .catch(() => []);
  const { as_of: asOf, latest_event: latest } = rows[0] ?? { as_of: null, latest_event: null };
  if (!asOf || !latest || latest >= asOf) return undefined;
  return `Der Datenstand ${de(asOf)} liegt nach dem letzten Ereignis in den Daten (${de(latest)}): wer keinen Austritt hat, zählt bis zum Datenstand als aktiv, und Fristen nach dem Austritt laufen ab, ohne dass etwas beobachtet wurde.`;
}
