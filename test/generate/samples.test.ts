/**
 * The bundled sample inbox: it builds deterministically, the committed copy is what the
 * builder makes, every file has the dialect the README promises, and the one dataset
 * behind the files contains every case the indicators must handle.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildSamples, SAMPLE_AS_OF, type SampleResult } from '../../pipelines/generate/build-samples.ts';
import { parseIsoDay } from '../../pipelines/generate/days.ts';
import { KINDS } from '../../pipelines/schema/kinds.ts';
import { coverage } from './coverage.ts';

const COMMITTED = fileURLToPath(new URL('../../data-samples/inbox/', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

describe('sample inbox', () => {
  let out: string;
  let result: SampleResult;
  const file = (kind: string, ext: string): string => {
    const name = readdirSync(join(out, kind)).find((f) => f.endsWith(ext));
    if (!name) throw new Error(`no ${ext} file for ${kind}`);
    return join(out, kind, name);
  };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'almp-samples-'));
    dirs.push(out);
    result = await buildSamples(out, quietEffects());
  });

  it('has files for every kind, well under 1 MB in total', () => {
    for (const kind of KINDS) expect(readdirSync(join(out, kind)).length, kind).toBeGreaterThan(0);
    const total = listFiles(out).reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
    expect(total).toBeLessThan(600_000);
  });

  it('rebuilds byte-identically, and the committed data-samples/inbox is up to date', async () => {
    const again = mkdtempSync(join(tmpdir(), 'almp-samples-'));
    dirs.push(again);
    await buildSamples(again, quietEffects());
    expect(listFiles(again)).toEqual(listFiles(out));
    expect(listFiles(COMMITTED)).toEqual(listFiles(out));
    for (const f of listFiles(out)) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
      expect(readFileSync(join(COMMITTED, f)).equals(readFileSync(join(out, f))), `${f} differs: run npx tsx pipelines/generate/build-samples.ts`).toBe(true);
    }
  });

  it('writes the measures as Windows-1252 with umlauts and the euro sign', () => {
    const bytes = readFileSync(file('measures', '.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes.includes(0x80)).toBe(true); // '€' in Windows-1252
    const text = iconv.decode(bytes, 'win1252');
    expect(text.startsWith('Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;')).toBe(true);
    expect(text).toMatch(/1\.200 € je TN/);
    expect(text).toMatch(/;\d{1,3}(\.\d{3})+,\d{2};/); // cost with thousands dots and decimal comma
    expect(text).toContain('\r\n');
  });

  it('writes providers and outcomes comma-separated with a BOM; outcomes with ISO dates', () => {
    for (const path of [file('providers', '.csv'), file('outcomes', '.csv')]) {
      expect([...readFileSync(path).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
    const providers = readFileSync(file('providers', '.csv'), 'utf8');
    expect(providers).toMatch(/,"[^"\n]*, Zweigstelle ""Süd""",/); // quoted separator and quotes
    expect(providers).toContain(',kommunal');
    const outcomes = readFileSync(file('outcomes', '.csv'), 'utf8').split('\n');
    expect(outcomes[1]).toMatch(/^\d{3}[A-Z]\d{6},\d{5},\d{4}-\d{2}-\d{2},[a-z_]+,(true|false)?\r?$/);
  });

  it('writes participations per Jobcenter in German: DD.MM.YYYY, ja/nein, and one system drops the exit code zero', () => {
    const files = readdirSync(join(out, 'participations')).map((f) => readFileSync(join(out, 'participations', f), 'utf8'));
    expect(files).toHaveLength(2);
    const ge = files.find((t) => t.startsWith('Kundennummer;'))!;
    const zkt = files.find((t) => t.startsWith('TN-ID;'))!;
    expect(ge).toMatch(/;\d{2}\.\d{2}\.\d{4};/);
    expect(ge).toMatch(/;0[1-9];\d{4};[mwd];/);
    expect(ge).toMatch(/;(ja|nein);(ja|nein);/);
    expect(zkt).toMatch(/;[1-9];\d{4};[mfd];/);
  });

  it('writes attendance tab-separated with German header words', () => {
    const lines = readFileSync(file('attendance', '.csv'), 'utf8').split('\n');
    expect(lines[0]!.split('\t')).toEqual(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Monat', 'Soll-Tage', 'Anwesend', 'E', 'UE', 'K']);
    expect(lines[1]!.split('\t')).toHaveLength(9);
    expect(lines[1]).toMatch(/\t\d{4}-\d{2}\t/);
  });

  it('writes final reports as XLSX with title rows and real date cells, JSON arrays, NDJSON and German CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('final_reports', '.xlsx'));
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^Abschlussberichte Träger/);
    expect(sheet.getRow(3).cellCount).toBe(0);
    const header = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum']);
    expect(sheet.getRow(5).getCell(4).value).toBeInstanceOf(Date);
    expect(sheet.getRow(5).getCell(1).value).toMatch(/^\d{6}$/); // text, leading zeros kept

    const json = JSON.parse(readFileSync(file('final_reports', '.json'), 'utf8')) as Record<string, unknown>[];
    expect(Array.isArray(json)).toBe(true);
    expect(json.some((r) => Array.isArray(r.goals) && typeof (r.goals as { code?: string }[])[0]?.code === 'string')).toBe(true);
    expect(json.some((r) => r.reason_text === '<script>alert(1)</script>')).toBe(true);
    const ndjson = readFileSync(file('final_reports', '.ndjson'), 'utf8').trim().split('\n');
    for (const line of ndjson) expect(typeof JSON.parse(line)).toBe('object');

    const csvPath = file('final_reports', '.csv');
    expect(readFileSync(csvPath, 'utf8')).toMatch(/;"Gespräch am \d{2}\.\d{2}\.\d{4}:\n/);
    const db = await Db.open(':memory:');
    try {
      const rows = await db.scalar(`SELECT count(*) FROM read_csv($f, delim = ';', header = true, quote = '"', escape = '"', all_varchar = true)`, { f: csvPath });
      const name = relative(out, csvPath);
      expect(rows).toBe(result.files.find((f) => relative(out, f.path) === name)?.rows);
    } finally {
      db.close();
    }
  });

  it('contains every case the indicators must handle', () => {
    const found = coverage(result.rows, parseIsoDay(SAMPLE_AS_OF)!);
    for (const [name, count] of Object.entries(found)) expect(count, name).toBeGreaterThan(0);
    expect(found.goalStatuses).toBe(4);
    const instruments = new Set(result.rows.measures.map((m) => m.instrument));
    expect(instruments.size).toBe(11);
    expect(result.rows.jobcenters.map((j) => j.type).sort()).toEqual(['gE', 'zkT']);
  });
});
