/**
 * The reasons file beside an archived file is what the clerk passes on to the sender: it must
 * hold every rejected row, not the terminal's first five reasons (a file of 4 bad rows named
 * row 2 alone, whose five columns were bad).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { inboxJob } from '../../pipelines/schedule/jobs/inbox-job.ts';
import { quarantineFile } from '../../pipelines/ops/inbox-move.ts';
import { KEY, storePerTest, type TestStore } from '../ingest/helpers.ts';

const current = storePerTest();

/** One scan of the store's inbox with the real ingest; the one reasons file it archived, as lines. */
async function runInbox(store: TestStore) {
  const archive = join(store.dir, 'archive');
  const job = inboxJob({
    inbox: join(store.dir, 'inbox'), archive, quarantine: join(store.dir, 'quarantine'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: KEY,
    ingest: (db, options, effects) => ingestPaths(db, options, effects),
  });
  const effects = quietEffects(new Date(Date.now() + 3600_000));
  const [item] = await job({ db: store.db, job: 'ingest', scheduledAt: null, trigger: 'manual', signal: new AbortController().signal, effects });
  const [reasons] = (existsSync(archive) ? readdirSync(archive, { recursive: true }) : []).map(String).filter((f) => f.endsWith('.reasons.txt'));
  return { item, text: reasons === undefined ? [] : readFileSync(join(archive, reasons), 'utf8').split('\n') };
}

describe('reasons file of an archived file', () => {
  it('lists every rejected row under the file counts', async () => {
    const store = current();
    const inbox = join(store.dir, 'inbox');
    mkdirSync(join(inbox, 'attendance'), { recursive: true });
    const bad = [2, 3, 4, 5].map((i) => `M-1;962D80000${i};2024-03;x${i};y${i}`);
    writeFileSync(join(inbox, 'attendance', 'fehlzeiten.csv'), ['Maßnahme-Nr;Kundennummer;Monat;Soll-Tage;Ist-Tage', ...bad, 'M-1;962D800009;2024-03;20;18', ''].join('\r\n'));
    const { item, text } = await runInbox(store);
    expect(item).toMatchObject({ status: 'success', rows: 1 });
    expect(text[1]).toBe('Loaded 1 of 5 rows; 4 rows rejected. Send the corrected file again (its rows loaded now are replaced, not doubled):');
    // the two bad columns of every row, counted above the rows, as the terminal counts them
    expect(text.filter((l) => l.startsWith('- counted: '))).toEqual([
      '- counted: days_planned ("Soll-Tage"): 4 rows (first: row 2, \'x2\'): not a whole number',
      '- counted: days_present ("Ist-Tage"): 4 rows (first: row 2, \'y2\'): not a whole number',
    ]);
    const listed = text.filter((l) => l.startsWith('- row '));
    expect(listed).toHaveLength(8);
    expect(listed[7]).toBe('- row 5, days_present ("Ist-Tage") \'y5\': not a whole number');
  });

  it('says when a key column is missing from the whole file: every report loaded, none can match (0 rejected)', async () => {
    const store = current();
    mkdirSync(join(store.dir, 'inbox', 'final_reports'), { recursive: true });
    const rows = ['Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Austritt;Ergebnis', 'T-1;M-1;962D800011;01.07.2024;28.06.2024;abgeschlossen'];
    writeFileSync(join(store.dir, 'inbox', 'final_reports', 'berichte_ohne_eintritt.csv'), [...rows, ''].join('\r\n'));
    const { item, text } = await runInbox(store);
    expect(item).toMatchObject({ status: 'success', rows: 1 });
    expect(text.slice(1)).toEqual([
      'Loaded 1 of 1 row; none rejected. Notes, each with what to do:',
      "- note: the file has no column entry_date ('Eintritt'), part of each record's key (provider_id, measure_id, participant_id, entry_date): its records loaded without it cannot be matched by that key; add the column and send the file again",
      '',
    ]);
  });

  it("quarantines a data file dropped into a reference list's folder, as almp ingest refuses it, and loads nothing of it", async () => {
    // the scheduler passed the folder's kind as if typed with --kind: a participations file in jobcenters/ loaded as the list (an operator's audit)
    const store = current();
    mkdirSync(join(store.dir, 'inbox', 'jobcenters'), { recursive: true });
    writeFileSync(join(store.dir, 'inbox', 'jobcenters', 'teilnahmen_juli.csv'), 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\r\n962D800001;06413;06411-0001;10.01.2024;15.01.2024\r\n');
    const { item } = await runInbox(store);
    expect(item).toMatchObject({ status: 'error' });
    expect(item!.error).toMatch(/^teilnahmen_juli\.csv was taken for jobcenters \(by its folder or name\), but its header is that of participations .* Move it into the participations\/ folder/);
    expect(readdirSync(join(store.dir, 'quarantine', 'jobcenters')).sort()).toEqual(['teilnahmen_juli.csv', 'teilnahmen_juli.csv.reasons.txt']);
    expect(await store.db.scalar('SELECT count(*) FROM raw.jobcenters')).toBe(0);
  });

  it('shows controls a reason quotes from the file as \\xNN: a C1 control (U+009B, ESC [ to a terminal) and a line break', () => {
    const store = current();
    const path = join(store.dir, 'versteckt.xlsx');
    writeFileSync(path, 'x');
    const target = quarantineFile({ kind: 'participations', path }, join(store.dir, 'quarantine'), ["Sheet 'Daten\u009b2J' is hidden", 'one\nFAKE LINE']);
    expect(readFileSync(`${target}.reasons.txt`, 'utf8').split('\n')).toEqual(['File: versteckt.xlsx', 'Not loaded:', "- Sheet 'Daten\\x9b2J' is hidden", '- one\\x0aFAKE LINE', '']);
  });
});

describe('modes in the archive and quarantine', () => {
  it("drop the sender's read permission for others (raw Kundennummern in the file)", async () => {
    const store = current();
    const inbox = join(store.dir, 'inbox');
    mkdirSync(join(inbox, 'attendance'), { recursive: true });
    const path = join(inbox, 'attendance', 'fehlzeiten.csv');
    writeFileSync(path, ['Maßnahme-Nr;Kundennummer;Monat;Soll-Tage;Ist-Tage', 'M-1;962D800009;2024-03;20;18', ''].join('\r\n'), { mode: 0o644 });
    chmodSync(path, 0o644);
    await runInbox(store);
    const [archived] = readdirSync(join(store.dir, 'archive'), { recursive: true }).map(String).filter((f) => f.endsWith('fehlzeiten.csv'));
    expect(statSync(join(store.dir, 'archive', archived!)).mode & 0o777).toBe(0o640);
    const rejected = join(store.dir, 'rejected.csv');
    writeFileSync(rejected, 'x', { mode: 0o666 });
    chmodSync(rejected, 0o666);
    const target = quarantineFile({ kind: 'attendance', path: rejected }, join(store.dir, 'quarantine'), ['not a CSV']);
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });
});
