/**
 * A funder's clerk reads providers by name: „001053“ alone meant nothing. The provider
 * comparison names each provider beside its number, and every return lists its measures with
 * provider (and Jobcenter) names on a sheet „Verzeichnis“ — names from the reference lists,
 * on one line, never read as a formula, empty where the list lacks the provider.
 */
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture } from './helpers/fixture.ts';
import { columnOf, writeAndRead, type WrittenReturns } from './helpers/written-returns.ts';

const QUARTERLY = 'jobcenter-controlling-2026-Q3-06411.xlsx';
const STATE = 'landesprogramm-jahresmeldung-2025.xlsx';
const ESF = 'esf-plus-teilnehmende-2025.xlsx';

let fx: Fixture;
let out: WrittenReturns;
let names: Map<string, string | null>;

beforeAll(async () => {
  fx = await buildFixture();
  // hostile but possible list entries: a line break, a leading '=', and one provider missing
  await fx.db.run(`UPDATE mart.provider_names SET name = 'Jugendwerkstatt' || chr(10) || '  Darmstadt GmbH' WHERE provider_id = '001053'`);
  await fx.db.run(`UPDATE mart.provider_names SET name = '=HYPERLINK("http://x","Bildungswerk")' WHERE provider_id = '001027'`);
  await fx.db.run(`DELETE FROM mart.provider_names WHERE provider_id = '001014'`);
  names = new Map((await fx.db.all<{ provider_id: string; name: string | null }>('select provider_id, name from mart.provider_names')).map((r) => [r.provider_id, r.name]));
  out = await writeAndRead(fx);
}, 120_000);

afterAll(() => fx?.db.close());

/** Rows under the header row until the first empty first cell. */
function body(ws: ExcelJS.Worksheet, headerRow = 4): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let r = headerRow + 1; ws.getRow(r).getCell(1).value !== null && ws.getRow(r).getCell(1).value !== undefined; r++) rows.push(ws.getRow(r));
  return rows;
}

function expectedName(providerId: string): string | null {
  const name = names.get(providerId);
  if (name === undefined || name === null) return null;
  const line = name.replace(/\s+/g, ' ').trim();
  return /^[=+\-@]/.test(line) ? `'${line}` : line;
}

describe('provider names in the returns', () => {
  it('stand beside the number in the provider comparison', () => {
    const ws = out.sheet(QUARTERLY, 'Trägervergleich');
    const id = columnOf(ws, 4, 'Träger-Nr.');
    const name = columnOf(ws, 4, 'Träger');
    expect(name).toBe(id + 1);
    const rows = body(ws);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.getCell(name).value ?? null).toBe(expectedName(String(row.getCell(id).value)));
  });

  it('list every measure the Jobcenter return names with its provider, on one line, as text, empty when the list lacks it', () => {
    const ws = out.sheet(QUARTERLY, 'Verzeichnis');
    const measures = body(out.sheet(QUARTERLY, 'Zugang'), 5).map((r) => String(r.getCell(1).value)).filter((v) => v !== 'Summe der Maßnahmen');
    // and the lots of earlier years whose reports are overdue: providers to chase, named nowhere else
    const overdue = body(out.sheet(QUARTERLY, 'Überfällige Berichte')).map((r) => String(r.getCell(1).value)).filter((v) => v !== 'Insgesamt');
    expect(overdue.filter((m) => !measures.includes(m))).toEqual(['06411-0003', '06411-0009']);
    const rows = body(ws);
    expect(rows.map((r) => String(r.getCell(1).value))).toEqual([...new Set([...measures, ...overdue])].sort());
    const id = columnOf(ws, 4, 'Träger-Nr.');
    const name = columnOf(ws, 4, 'Träger');
    const seen = new Set<string>();
    for (const row of rows) {
      const provider = String(row.getCell(id).value);
      seen.add(provider);
      expect(row.getCell(name).value ?? null).toBe(expectedName(provider));
    }
    // the sample Jobcenter's measures include each planted case
    expect([...seen]).toEqual(expect.arrayContaining(['001053', '001027', '001014']));
    expect(rows.find((r) => r.getCell(id).value === '001053')!.getCell(name).value).toBe('Jugendwerkstatt Darmstadt GmbH');
    expect(rows.find((r) => r.getCell(id).value === '001014')!.getCell(name).value ?? null).toBeNull();
  });

  it('is a list, not figures: neither provisional nor explained by the marks of figures', () => {
    const ws = out.sheet(QUARTERLY, 'Verzeichnis');
    expect(String(ws.getCell('A2').value)).not.toMatch(/vorläufig/);
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts.some((t) => t.startsWith('. = '))).toBe(false);
    const cover = out.sheet(QUARTERLY, 'Deckblatt');
    let provisional = '';
    cover.eachRow((row) => {
      if (row.getCell(1).value === 'Vorläufig') provisional = String(row.getCell(2).value);
    });
    expect(provisional).not.toBe('');
    expect(provisional).not.toMatch(/Verzeichnis/);
  });

  it('name Jobcenters too where a return spans several', async () => {
    const jobcenters = new Map((await fx.db.all<{ jobcenter_id: string; name: string }>('select jobcenter_id, name from mart.jobcenter_names')).map((r) => [r.jobcenter_id, r.name]));
    for (const book of [STATE, ESF]) {
      const ws = out.sheet(book, 'Verzeichnis');
      const rows = body(ws);
      expect(rows.length).toBeGreaterThan(0);
      const jc = columnOf(ws, 4, 'Jobcenter (Name)');
      const id = columnOf(ws, 4, 'Träger-Nr.');
      const name = columnOf(ws, 4, 'Träger');
      for (const row of rows) {
        expect(row.getCell(jc).value).toBe(jobcenters.get(String(row.getCell(1).value)));
        expect(row.getCell(name).value ?? null).toBe(expectedName(String(row.getCell(id).value)));
      }
    }
  });
});
