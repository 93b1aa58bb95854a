/**
 * A quote that opens a field and is never closed: DuckDB read the rest of the file as that
 * one value ('"DE' in row 10 of 1,000 participations: "9 rows read, 8 loaded, 1 rejected",
 * exit 0, 991 lines neither loaded nor rejected). The file is now refused whole, naming the
 * row and column of the quote; quoted line breaks that close again still load.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { findUnclosedQuote } from '../../pipelines/ingest/unclosed-quote.ts';
import { inboxJob } from '../../pipelines/schedule/jobs/inbox-job.ts';
import { fixture, KEY, pid, storePerTest } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-unclosed-quote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string | Buffer): string => {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  return path;
};

describe('findUnclosedQuote', () => {
  it('finds the quote, its record and field, and the lines after it', () => {
    expect(findUnclosedQuote(file('a;b;c\n1;x;y\n2;"DE;z\n3;p;q\n\n4;r;s\n'), ';')).toEqual({ recordsBefore: 2, field: 1, linesAfter: 2 });
    // CRLF, a quote right at the line end, spaces before the quote
    expect(findUnclosedQuote(file('a;b\r\n1;"\r\n2;x\r\n'), ';')).toEqual({ recordsBefore: 1, field: 1, linesAfter: 1 });
    expect(findUnclosedQuote(file('a,b\n1, "x\n2,y\n'), ',')).toEqual({ recordsBefore: 1, field: 1, linesAfter: 1 });
  });

  it('counts records, not lines, before it: quoted line breaks that close are inside their record', () => {
    expect(findUnclosedQuote(file('a;b\n1;"two\nlines ""quoted"""\n2;"open\n3;x\n'), ';')).toEqual({ recordsBefore: 2, field: 1, linesAfter: 1 });
  });

  it('finds nothing when every quote closes, or a quote inside a value is a character of it', () => {
    expect(findUnclosedQuote(file('a;b\n1;"x;\ny"\n2;"say ""hi"""\n'), ';')).toBeUndefined();
    expect(findUnclosedQuote(file('a;b\n1;p"q\n2;r\n'), ';')).toBeUndefined();
    // DuckDB reads a quote after a tab as a character (after spaces it opens the field)
    expect(findUnclosedQuote(file('a;b\n1;\t"q\n2;r\n'), ';')).toBeUndefined();
    expect(findUnclosedQuote(file('a;b\n1;"x"\n'), ';')).toBeUndefined();
    expect(findUnclosedQuote(file('a;b\n1;""\n2;"x"'), ';')).toBeUndefined();
    expect(findUnclosedQuote(file('\ufeff"a";"b"\n1;2\n'), ';')).toBeUndefined();
  });

  it('leaves an open quote on the last line to the row reject: nothing follows it', () => {
    expect(findUnclosedQuote(file('a;b\n1;x\n2;"cut off'), ';')).toBeUndefined();
    expect(findUnclosedQuote(file('a;b\n1;x\n2;"cut off\n\n'), ';')).toBeUndefined();
  });

  it('reads a doubled quote and a closing quote across the 1 MB read boundary', () => {
    const head = 'a;b\n1;"';
    const filler = 'x'.repeat((1 << 20) - head.length - 1);
    // '""' split by the boundary: still inside the value, which closes later
    expect(findUnclosedQuote(file(`${head}${filler}""y"\n2;z\n`), ';')).toBeUndefined();
    // a closing quote as the last byte of the first chunk, then an open one
    expect(findUnclosedQuote(file(`${head}${filler}"\n2;"open\n3;z\n`), ';')).toEqual({ recordsBefore: 2, field: 1, linesAfter: 1 });
  });
});

describe('ingest of a file with a quote never closed', () => {
  const store = storePerTest();

  it('refuses the file naming the row and column, loads nothing (strict and mixed line ends)', async () => {
    for (const name of ['providers_anfuehrungszeichen_offen.csv', 'providers_anfuehrungszeichen_offen_gemischt.csv']) {
      const [result] = await store().ingest([fixture(name)], { kind: 'providers' });
      expect(result).toMatchObject({ status: 'error', rowsRead: 0, rowsLoaded: 0 });
      expect(result?.error).toContain('in row 4, column name ("Name des Trägers"), a quote opens that is never closed, so the 10 lines after it would be read as that one value');
    }
    expect(await store().db.scalar('SELECT count(*) FROM raw.providers')).toBe(0);
    expect(await store().db.scalar('SELECT count(*) FROM meta.files')).toBe(0);
  });

  const HEADER = 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Staatsangehörigkeit;Bildung\n';
  const row = (i: number, citizenship = 'DE') => `962D${String(i).padStart(6, '0')};06411;06411-0001;01.02.2025;${citizenship};3\n`;

  it('10^4 rows with an open quote in row 10: refused, naming row 10 and the 9.991 lines after it', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => row(i, i === 8 ? '"DE' : 'DE'));
    const [result] = await store().ingest([file(HEADER + rows.join(''))], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'error', rowsLoaded: 0 });
    expect(result?.error).toContain('in row 10, column citizenship ("Staatsangehörigkeit"), a quote opens that is never closed, so the 9.991 lines after it');
    expect(await store().db.scalar('SELECT count(*) FROM raw.participations')).toBe(0);
  });

  it('10^4 rows with quoted values over several lines, all closed: every row loads', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => row(i, i % 100 === 5 ? '"D\nE"' : i % 7 === 0 ? '"DE"' : 'DE'));
    const [result] = await store().ingest([file(HEADER + rows.join(''))], { kind: 'participations' });
    // the multi-line values are no citizenship code: rejected by their row, the others load
    expect(result).toMatchObject({ status: 'success', rowsRead: 10_000, rowsLoaded: 9_900, rowsRejected: 100 });
    expect(await store().db.scalar(`SELECT _row FROM raw.participations WHERE participant_id = '${pid('962D009999')}'`)).toBe(10_001);
  });
});

describe('the inbox job', () => {
  const store = storePerTest();

  it('quarantines such a file with the reason, instead of archiving it as loaded', async () => {
    const root = store().dir;
    mkdirSync(join(root, 'inbox', 'providers'), { recursive: true });
    copyFileSync(fixture('providers_anfuehrungszeichen_offen.csv'), join(root, 'inbox', 'providers', 'traeger.csv'));
    const job = inboxJob({
      inbox: join(root, 'inbox'), archive: join(root, 'archive'), quarantine: join(root, 'quarantine'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: KEY,
      ingest: (db, options, effects) => ingestPaths(db, options, effects),
    });
    const effects = quietEffects(new Date(Date.now() + 3600_000));
    const [item] = await job({ db: store().db, job: 'ingest', scheduledAt: null, trigger: 'manual', signal: new AbortController().signal, effects });
    expect(item).toMatchObject({ status: 'error', path: join(root, 'quarantine', 'providers', 'traeger.csv') });
    const archived = existsSync(join(root, 'archive')) ? readdirSync(join(root, 'archive'), { recursive: true }) : [];
    expect(archived).toEqual([]);
    expect(readFileSync(join(root, 'quarantine', 'providers', 'traeger.csv.reasons.txt'), 'utf8')).toContain('in row 4, column name ("Name des Trägers"), a quote opens that is never closed');
  });
});
