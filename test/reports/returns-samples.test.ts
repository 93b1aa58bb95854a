/**
 * The three returns written from the committed samples (data-samples/inbox) through the real
 * pipeline, checked as a reader would: opened and recalculated by LibreOffice, disclosure
 * control checked on the output cells, formats/panes/print setup present, no pseudonyms,
 * hostile text stays text; plus a normalised cell dump per workbook as a committed snapshot.
 */
import type ExcelJS from 'exceljs';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { LAYOUTS, writeReturns } from '../../reports/build.ts';
import { visibleColumns } from '../../reports/model/load.ts';
import { NUM_FMT } from '../../reports/render/formats.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { requireApp } from '../helpers/require-app.ts';
import { dumpWorkbook, readWorkbook } from './helpers/cell-dump.ts';
import { buildFixture, type Fixture } from './helpers/fixture.ts';
import { recalcWithLibreOffice } from './helpers/libreoffice.ts';
import { numberOf, totalRow, writeAndRead, type WrittenReturns } from './helpers/written-returns.ts';

const HOSTILE_FILE = '=HYPERLINK("http://x.invalid","klick")_111A222333.csv';
const hasSoffice = requireApp('soffice', 'libreoffice-calc-nogui');

let fx: Fixture;
let out: WrittenReturns;

beforeAll(async () => {
  fx = await buildFixture({ prepare: async (db) => {
    // A file name that a spreadsheet could run as a formula, holding a Kundennummer, with rejected rows.
    await db.run(
      `insert into meta.files values (9999, 'providers', $name, '/inbox/x', 'hash', 'csv', null, 3, 1, 2, 0, 0, null, TIMESTAMP '2025-09-01 10:00:00', null)`,
      { name: HOSTILE_FILE },
    );
  } });
  out = await writeAndRead(fx);
}, 180_000);

afterAll(() => fx?.db.close());

describe('returns of the sample data', () => {
  // rates at the mart's full precision gave counts back (8/9 on a rate-only sheet): stored-rates.test.ts
  it('stores rates and ratios with at most 4 decimals (5 where the 4th is a tie for the display)', () => {
    let rates = 0;
    for (const [name, wb] of out.books) {
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (typeof cell.value !== 'number' || (cell.numFmt !== NUM_FMT.rate && cell.numFmt !== NUM_FMT.ratio)) return;
            rates++;
            const v = cell.value;
            expect(Math.abs(v * 1e5 - Math.round(v * 1e5)), `${name} ${ws.name}!${cell.address} ${v}`).toBeLessThan(1e-6);
            if (Math.abs(v * 1e4 - Math.round(v * 1e4)) > 1e-6) expect(Math.round(v * 1e5) % 10, `${name} ${ws.name}!${cell.address} ${v}`).toBeOneOf([1, 9]);
          }),
        ),
      );
    }
    expect(rates).toBeGreaterThan(20);
  });

  it('writes one workbook per return and scope into returns/, all successful', () => {
    expect(out.results.map((r) => [r.status, basename(r.path ?? '')])).toEqual([
      ['success', 'landesprogramm-jahresmeldung-2025.xlsx'],
      ['success', 'esf-plus-teilnehmende-2025.xlsx'],
      ['success', 'jobcenter-controlling-2026-Q3-06411.xlsx'],
      ['success', 'jobcenter-controlling-2026-Q3-06412.xlsx'],
    ]);
    for (const p of out.paths) expect(p).toContain(join('out', 'returns'));
  });

  it('every data sheet has number formats, a frozen header, an autofilter (unless formulas join it to another sheet) and a landscape print setup', () => {
    for (const [name, wb] of out.books) {
      wb.eachSheet((ws) => {
        if (ws.name === 'Deckblatt') return;
        const view = ws.views[0] as { state?: string; ySplit?: number };
        expect(view.state, `${name}/${ws.name}`).toBe('frozen');
        expect(view.ySplit).toBeGreaterThanOrEqual(1);
        expect(ws.pageSetup.orientation).toBe('landscape');
        expect(ws.pageSetup.fitToWidth).toBeGreaterThanOrEqual(1);
        expect(ws.pageSetup.printTitlesRow).toMatch(/^1:\d$/);
        // the ESF+ sheets summed cell by cell across sheets: sorting one would misalign the sums (print-reading.test.ts)
        const joined = name.startsWith('esf-') && ws.name !== 'Änderungen';
        if (ws.name !== 'Definitionen' && !joined) expect(ws.autoFilter, `${name}/${ws.name}`).toBeTruthy();
      });
    }
    const formats = new Set<string>();
    for (const wb of out.books.values()) wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => void (c.numFmt && formats.add(c.numFmt)))));
    expect([...formats]).toEqual(expect.arrayContaining(['#,##0', '0.0 %', 'dd.mm.yyyy']));
    const cover = out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Deckblatt');
    expect(cover.getCell('B5').value).toEqual(new Date('2026-09-30T00:00:00Z'));
    expect(cover.getCell('B5').numFmt).toBe('dd.mm.yyyy');
  });

  it('document properties name the return, its period and Datenstand; created is the run clock, not as-of', () => {
    const wb = out.books.get('jobcenter-controlling-2026-Q3-06412.xlsx')!;
    expect(wb.title).toBe('Jobcenter – Quartalscontrolling Maßnahmen Q3 2026 – Jobcenter 06412');
    expect(wb.subject).toBe('Zeitraum Q3 2026 · Jobcenter 06412 · Datenstand 30.09.2026 · vorläufig');
    expect(wb.creator).toBe('almp-monitor');
    // quietEffects' clock in writeAndRead: the day of writing, which as-of (30.09.2026) is not
    expect(wb.created).toEqual(new Date('2026-01-01T00:00:00Z'));
    for (const book of out.books.values()) expect(book.title).toMatch(/\S/);
  });

  it('controlling returns: the provider comparison (a year figure) names its year in the subtitle, not the quarter of the other sheets', () => {
    const book = 'jobcenter-controlling-2026-Q3-06411.xlsx';
    // mart.dropout_funnel for period_type 'year': all of 2026 up to the Datenstand, not 2026-Q3
    expect(out.sheet(book, 'Trägervergleich').getCell('A2').value)
      .toBe('Zeitraum Jahr 2026 (Januar bis Datenstand) · Jobcenter 06411 · Datenstand 30.09.2026 · vorläufig');
    expect(out.sheet(book, 'Austritte').getCell('A2').value).toBe('Zeitraum Q3 2026 · Jobcenter 06411 · Datenstand 30.09.2026 · vorläufig: die Spalten (vorläufig)');
  });

  it('controlling returns: of the quarters side by side, only those still provisional are marked (at 30.09. Q1 and Q2 are final, Q3 not)', () => {
    const ws = out.sheet('jobcenter-controlling-2026-Q3-06411.xlsx', 'Austritte');
    // group row 4 (Austritte, Abbrüche, Abbruchquote …), quarter headers in row 5
    const headers = (ws.getRow(5).values as unknown[]).slice(1).map(String).filter((h) => /^Q\d/.test(h));
    expect(headers.length).toBeGreaterThanOrEqual(6);
    for (const h of headers) expect(h).toBe(h.startsWith('Q3') ? 'Q3 (vorläufig)' : h.slice(0, 2));
    expect(headers.filter((h) => h === 'Q3 (vorläufig)')).toHaveLength(headers.length / 3);
  });

  it('marks as provisional the sheets with provisional figures only: 2025 entries and exits are final, 2025 six-month results not (182-day windows)', () => {
    const sub = (sheet: string) => String(out.sheet('landesprogramm-jahresmeldung-2025.xlsx', sheet).getCell('A2').value);
    expect(sub('Kennzahlen')).not.toMatch(/vorläufig/);
    // on that sheet only the six-month columns: on-time reports (14 days) and occupancy are final
    expect(sub('Berichte und Verbleib')).toMatch(/ · vorläufig: die Spalten \(vorläufig\)$/);
    const headers = (out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Berichte und Verbleib').getRow(5).values as unknown[]).slice(1).map(String);
    expect(headers.filter((h) => h.endsWith(' (vorläufig)'))).toEqual(['In SV-Beschäftigung/Ausbildung (vorläufig)', 'Austritte (182 Tage abgelaufen) (vorläufig)', 'Eingliederungsquote (vorläufig)']);
    expect(String(out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Deckblatt').getCell('B6').value)).toMatch(/^ja, auf dem Blatt Berichte und Verbleib: /);
  });

  it('the cover says when the workbook was written: a re-run with the same Datenstand after a late delivery is told apart', () => {
    for (const [name, wb] of out.books) {
      const cover = wb.getWorksheet('Deckblatt')!;
      let row: ExcelJS.Row | undefined;
      cover.eachRow((r) => void (r.getCell(1).value === 'Erstellt am' && (row = r)));
      expect(row, name).toBeTruthy();
      // quietEffects' clock in writeAndRead (the run clock, as wb.created), not as-of; shown
      // as Berlin time (00:00 UTC is 01:00 there), as `almp status` shows times
      expect(row!.getCell(2).value, name).toEqual(new Date('2026-01-01T01:00:00Z'));
      expect(row!.getCell(2).numFmt, name).toBe('dd.mm.yyyy hh:mm');
    }
  });

  it('ESF+ return: counts are numbers, sums or hidden, never "nothing"; no column claims the employment indicators the data cannot tell apart; no file paths', () => {
    const book = 'esf-plus-teilnehmende-2025.xlsx';
    for (const name of ['Insgesamt', 'Frauen', 'Männer', 'Divers', 'Ohne Angabe']) {
      const ws = out.sheet(book, name);
      const headers = (ws.getRow(4).values as unknown[]).slice(1).map(String);
      expect(headers.filter((h) => /erwerbstätig/i.test(h))).toEqual(['nicht arbeitslos (erwerbstätig oder nichterwerbstätig) (a)', 'Erwerbstätige / Nichterwerbstätige (b)']);
      const total = totalRow(ws, 'Alle ESF-Maßnahmen');
      for (let r = 5; r <= Number(total.number); r++) {
        headers.forEach((h, i) => {
          if (i < 2) return;
          const v = ws.getRow(r).getCell(i + 1).value;
          if (h.endsWith('(b)')) expect(v, `${name}/${h}`).toBe('nicht erhoben');
          // a count of no one is 0 (a person count always has a denominator: the measure's entrants)
          else expect(typeof v === 'number' || v === '.' || (typeof v === 'object' && v !== null && 'formula' in v), `${name}!${r}/${h}: ${String(v)}`).toBe(true);
        });
      }
    }
    const texts: string[] = [];
    out.books.get(book)!.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void texts.push(String(c.value)))));
    expect(texts.filter((t) => /\bsql\/|\.sql\b/.test(t))).toEqual([]);
  });

  it('controlling returns: the total row gives the Jobcenter\'s dropout rate per quarter as Abbrüche ÷ Austritte of that row (hidden when Abbrüche are)', () => {
    let formulas = 0;
    for (const jobcenter of ['06411', '06412']) {
      const ws = out.sheet(`jobcenter-controlling-2026-Q3-${jobcenter}.xlsx`, 'Austritte');
      const total = totalRow(ws, 'Summe der Maßnahmen');
      const groups: string[] = [];
      ws.getRow(4).eachCell((c, col) => void (groups[col] = String(c.value)));
      for (const q of [0, 1, 2]) {
        const cell = (group: string) => total.getCell(groups.indexOf(group) + q);
        const [rate, dropouts, exits] = [cell('Abbruchquote'), cell('Abbrüche'), cell('Austritte')];
        if (dropouts.value === '.' || exits.value === '.') {
          expect(rate.value, `${jobcenter} Q${q + 1}`).toBe('.');
          continue;
        }
        const formula = rate.value as ExcelJS.CellFormulaValue;
        expect(formula.formula, `${jobcenter} Q${q + 1}`).toBe(`${dropouts.address}/${exits.address}`);
        expect(formula.result).toBeCloseTo(Number(numberOf(dropouts)) / Number(numberOf(exits)), 12);
        formulas++;
      }
    }
    expect(formulas).toBeGreaterThan(0);
  });

  it('controlling returns: Datenqualität counts the Jobcenter\'s own findings; with the unattributed ones they add up to the Land', async () => {
    const perCheck = (book: string): Map<string, [number, number]> => {
      const m = new Map<string, [number, number]>();
      out.sheet(book, 'Datenqualität').eachRow((row) => {
        const v = row.values as unknown[];
        if (v[1] === 'Prüfung') m.set(String(v[2]), [Number(v[5]), Number(v[6])]);
      });
      return m;
    };
    const a = perCheck('jobcenter-controlling-2026-Q3-06411.xlsx');
    const b = perCheck('jobcenter-controlling-2026-Q3-06412.xlsx');
    const land = await fx.db.all<{ item: string; n: number }>(
      `select coalesce(l.label, q."check") as item, q.failing_rows::integer as n
       from mart.data_quality as q left join ref.check_labels as l on l."check" = q."check"`,
    );
    expect(land.length).toBe(a.size);
    let split = 0;
    for (const { item, n } of land) {
      const [own06411, unattributed] = a.get(item)!;
      const [own06412, same] = b.get(item)!;
      expect(same, item).toBe(unattributed);
      expect(own06411 + own06412 + unattributed, item).toBe(Number(n));
      if (own06411 > 0 && own06412 > 0) split++;
    }
    expect(split).toBeGreaterThan(2); // the samples' findings are in both Jobcenters
  });

  it('print: wrapped rows are as tall as their text, every page has a footer, wide sheets spread over pages legibly', () => {
    for (const [name, wb] of out.books) {
      wb.eachSheet((ws) => {
        expect(ws.headerFooter.oddFooter, `${name}/${ws.name}`).toMatch(/^&L&8.+ · Datenstand 30\.09\.2026&R&8Seite &P von &N$/);
      });
    }
    const cover = out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Deckblatt');
    // the disclosure rule (~330 characters) over columns B:E: four lines at least
    expect(cover.getCell('A7').value).toBe('Geheimhaltung');
    expect(cover.getRow(7).height).toBeGreaterThanOrEqual(4 * 13);
    const kennzahlen = out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Kennzahlen');
    expect(kennzahlen.getRow(4).height).toBeGreaterThanOrEqual(3 * 13); // "Zuweisungen (42 Tage abgelaufen)"
    // "Abschlussquote" was cut to "Abschlussqu|ote": the column takes the header's longest word
    expect(kennzahlen.getColumn(8).width).toBeGreaterThan(12);
    const dq = out.sheet('jobcenter-controlling-2026-Q3-06411.xlsx', 'Datenqualität');
    const tall: number[] = [];
    dq.eachRow((row) => void (row.getCell(1).value === 'Prüfung' && String(row.getCell(4).value ?? '').length > 90 && tall.push(row.height)));
    expect(tall.length).toBeGreaterThan(2);
    for (const h of tall) expect(h).toBeGreaterThanOrEqual(2 * 13);
    const gender = out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Nach Geschlecht');
    // spread at a fixed scale, broken between its groups (print-layout.test.ts)
    expect(gender.pageSetup.fitToPage).toBeFalsy();
    expect(gender.pageSetup.scale).toBeGreaterThanOrEqual(60);
    expect(gender.pageSetup.printTitlesColumn).toBe('A:D');
    expect(out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Kennzahlen').pageSetup.fitToWidth).toBe(1);
    // a figure's header stands right, over its right-aligned numbers (left, it read as the next column's)
    expect(kennzahlen.getRow(4).getCell(1).alignment?.horizontal).toBe('left'); // Jobcenter
    expect(kennzahlen.getRow(4).getCell(8).alignment?.horizontal).toBe('right'); // Abschlussquote
  });

  it('no line of a published table has exactly one hidden cell, and hidden cells hold no number', () => {
    for (const layout of LAYOUTS) {
      for (const [name, wb] of out.books) {
        if (!name.startsWith({ 'state-annual': 'landes', 'esf-participants': 'esf', 'quarterly-controlling': 'jobcenter' }[layout.id]!)) continue;
        for (const sl of layout.sheets) {
          const ws = wb.getWorksheet(sl.name)!;
          const headerRow = sl.columns.some((c) => c.group) ? 5 : 4;
          const last = ws.actualRowCount;
          const dataRows: number[] = [];
          const totalLabel = sl.totalLabel ?? 'Insgesamt';
          for (let r = headerRow + 1; r <= last; r++) {
            const first = ws.getRow(r).getCell(1).value;
            if (first !== null && (ws.getRow(r).getCell(2).value !== null || first === totalLabel)) dataRows.push(r);
          }
          const hiddenAt = (r: number, c: number): boolean => ['.', 'x'].includes(String(ws.getRow(r).getCell(c).value));
          // the sheet's columns: a quarterly workbook leaves out the quarters after its own
          const quarter = /-Q(\d)-/.exec(name)?.[1];
          const columns = visibleColumns(sl, { quarter: quarter ? Number(quarter) : undefined } as ReturnContext);
          columns.forEach((col, i) => {
            if (col.total !== 'sum') return;
            const n = dataRows.filter((r) => hiddenAt(r, i + 1)).length;
            expect(n === 1, `${name}/${sl.name}/${col.key}: one hidden cell`).toBe(false);
          });
          // bound lines too (exits ≥ completions + early positive + dropouts): one hidden part
          // alone was exits − the visible parts (11 − 10 − 0 ⇒ 1 dropout)
          for (const rl of [...(sl.rowLines ?? []), ...(sl.boundLines ?? [])]) {
            const idx = [rl.total, ...rl.parts].map((k) => columns.findIndex((c) => c.key === k) + 1).filter((c) => c > 0);
            for (const r of dataRows) {
              const n = idx.filter((c) => hiddenAt(r, c)).length;
              expect(n === 1, `${name}/${sl.name} row ${r} line ${rl.total}`).toBe(false);
            }
          }
          ws.eachRow((row) => row.eachCell((cell) => {
            if (hiddenAt(Number(row.number), Number(cell.col))) expect(typeof cell.value).toBe('string');
          }));
        }
      }
    }
  });

  it('no pseudonym (64 hex) in any cell; no input file name either (a sender names files as it likes), so no formula-like one', () => {
    for (const [name, wb] of out.books) {
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
        expect(String(cell.value ?? ''), `${name}/${ws.name}!${cell.address}`).not.toMatch(/[0-9a-f]{64}|111A222333|HYPERLINK/);
      })));
    }
    // the cover names the kinds the figures come from, the hostile file's among them
    const kinds: string[] = [];
    out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Deckblatt').eachRow((row) => void kinds.push(String(row.getCell(1).value)));
    expect(kinds).toEqual(expect.arrayContaining(['Art', 'Abschlussberichte', 'Teilnahmen']));
    expect(HOSTILE_FILE).toContain('HYPERLINK');
    // the controlling return's data-quality sheet: rejected rows per kind of file
    const quality: string[] = [];
    out.sheet('jobcenter-controlling-2026-Q3-06411.xlsx', 'Datenqualität').eachRow((row) => void (row.getCell(1).value === 'Laden' && quality.push(String(row.getCell(2).value))));
    expect(quality).toContain('Träger');
  });

  it.runIf(hasSoffice)('LibreOffice opens every workbook, recalculates every formula to the value written, keeps hostile text as text', async () => {
    const copies = recalcWithLibreOffice(out.paths);
    let formulas = 0;
    for (const copy of copies) {
      const recalculated = await readWorkbook(copy); // re-read by exceljs: no repair needed
      const original = out.books.get(basename(copy))!;
      original.eachSheet((ws) => {
        const other = recalculated.getWorksheet(ws.name);
        expect(other, `${basename(copy)}/${ws.name}`).toBeTruthy();
        ws.eachRow((row) => row.eachCell((cell) => {
          const v = cell.value;
          if (v && typeof v === 'object' && 'formula' in v) {
            formulas++;
            const lo = other!.getCell(cell.address).value as ExcelJS.CellFormulaValue;
            expect(lo?.formula?.replaceAll("'", ''), `${ws.name}!${cell.address}`).toBe(String(v.formula).replaceAll("'", ''));
            // exceljs reads a cached 0 as no result.
            expect(Number(lo.result ?? 0), `${ws.name}!${cell.address} ${v.formula}`).toBeCloseTo(Number(v.result ?? 0), 9);
          }
          if (typeof v === 'string' && (v === '.' || v === 'x')) expect(other!.getCell(cell.address).value).toBe(v);
        }));
      });
      recalculated.getWorksheet('Deckblatt')!.eachRow((row) => row.eachCell((c) => {
        if (String(c.value).includes('HYPERLINK')) expect(c.value).toBe(`'${HOSTILE_FILE.replace('111A222333', '…')}`);
      }));
    }
    expect(formulas).toBeGreaterThan(50);
  }, 240_000);

  it('a run for one Jobcenter (its own queries) writes the same controlling workbook as the run over all (shared queries)', async () => {
    const name = 'jobcenter-controlling-2026-Q3-06412.xlsx';
    const single = await writeReturns(fx.db, { outDir: join(fx.dir, 'single'), jobcenterId: '06412' }, quietEffects());
    const path = single.find((r) => r.path?.endsWith(name))?.path;
    expect(path).toBeTruthy();
    expect(dumpWorkbook(await readWorkbook(path!))).toBe(dumpWorkbook(out.books.get(name)!));
  });

  it('refuses a period after the as-of date and an unknown Jobcenter instead of writing empty returns marked final', async () => {
    await expect(writeReturns(fx.db, { outDir: join(fx.dir, 'later'), period: '2031' }, quietEffects())).rejects.toThrow("begins after the data's as-of date 30.09.2026.");
    await expect(writeReturns(fx.db, { outDir: join(fx.dir, 'unknown'), jobcenterId: '99999' }, quietEffects())).rejects.toThrow('known: 06411, 06412');
    expect(existsSync(join(fx.dir, 'later')) || existsSync(join(fx.dir, 'unknown'))).toBe(false);
  });

  it('a period that begins before the data (2023, data from 01.04.2023) says so on the cover: its Q1 zeros are not "tatsächlich null"', async () => {
    const cover = (ws: ExcelJS.Worksheet) => {
      const facts = new Map<unknown, unknown>();
      ws.eachRow((row) => facts.set(row.getCell(1).value, row.getCell(2).value));
      return facts;
    };
    const results = await writeReturns(fx.db, { outDir: join(fx.dir, 'early'), period: '2023', jobcenterId: '06411' }, quietEffects());
    for (const r of results) {
      const note = cover((await readWorkbook(r.path!)).getWorksheet('Deckblatt')!).get('Datenbeginn');
      expect(note, r.name).toMatch(/^Die Teilnahmedaten beginnen erst am 01\.04\.2023 \(Jobcenter 06411\): .*„nicht erfasst“/);
    }
    for (const [name, wb] of out.books) expect(cover(wb.getWorksheet('Deckblatt')!).has('Datenbeginn'), name).toBe(false);
  });

  it('speaks German on the data-quality, cover and definitions sheets (check names, severities, kinds, definitions)', () => {
    const wb = out.books.get('jobcenter-controlling-2026-Q3-06411.xlsx')!;
    const checks: string[][] = [];
    wb.getWorksheet('Datenqualität')!.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1).map((x) => String(x ?? ''));
      if (v[0] === 'Prüfung') checks.push(v);
    });
    const checkFiles = readdirSync(fileURLToPath(new URL('../../sql/checks', import.meta.url))).filter((f) => f.endsWith('.sql'));
    expect(checks.length).toBe(checkFiles.length); // every check of sql/checks, each with a German label
    for (const [, item, severity, description] of checks) {
      expect(item, item).not.toMatch(/^[a-z_]+$/);
      expect(['Fehler', 'Warnung', 'Hinweis']).toContain(severity);
      expect(description).not.toMatch(/\b(the|with|and|exits)\b/);
    }
    const kinds: string[] = [];
    wb.getWorksheet('Deckblatt')!.eachRow((row) => void kinds.push(String((row.values as unknown[])[1] ?? '')));
    expect(kinds).toEqual(expect.arrayContaining(['Anwesenheit', 'Abschlussberichte', 'Teilnahmen']));
    // 'Erstellt am' once showed the as-of date: now the day of writing (the run clock), never as-of
    let created: unknown;
    wb.getWorksheet('Deckblatt')!.eachRow((row) => void (row.getCell(1).value === 'Erstellt am' && (created = row.getCell(2).value)));
    expect(created).not.toEqual(new Date('2026-09-30T00:00:00Z'));
    const definitions: string[] = [];
    wb.getWorksheet('Definitionen')!.eachRow((row, n) => void (n > 1 && definitions.push(String((row.values as unknown[])[4] ?? ''))));
    for (const numerator of definitions) expect(numerator).not.toMatch(/\b(the|with|and|exits|whose)\b|`/);
  });

  it('matches the committed cell dump of each layout', async () => {
    for (const [name, wb] of out.books) {
      await expect(dumpWorkbook(wb)).toMatchFileSnapshot(`__snapshots__/${name.replace(/\.xlsx$/, '')}.dump.txt`);
    }
  });
});
