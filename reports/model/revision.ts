/**
 * Versions of a return (Fassungen). A return rewritten after a late or corrected delivery
 * kept its name and Datenstand and differed from the one already sent, with nothing to say
 * so: the funder expects a marked "berichtigte Fassung". Each run records what a workbook
 * shows (meta.return_versions; the view meta.return_version_figures a cell a row); a
 * rewrite whose figures or as-of differ becomes the next version, and its cover and sheet
 * „Änderungen“ name what changed against the one before (tables: pipelines/db/bootstrap.ts).
 * Only shown values are kept ('.' for a hidden cell, never the figure behind it).
 *
 * Phases: figuresOf (model → sheets) → readRevision (compare with the record) → write the
 * workbook → saveRevision (only once the file is written).
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Format } from '../layouts/types.ts';
import { HIDDEN_MARK, NONE_MARK } from '../render/formats.ts';
import type { WorkbookModel } from './assemble.ts';
import { utcText } from '../../pipelines/schedule/job-ledger.ts';

/** A number as the cell shows it, or the mark in its place. */
export type Shown = number | typeof HIDDEN_MARK | typeof NONE_MARK;

export interface ShownFigure {
  readonly sheet: string;
  readonly rowKey: string;
  readonly rowLabel: string;
  readonly columnKey: string;
  readonly columnLabel: string;
  readonly format: Format;
  readonly shown: Shown;
}

export interface FigureChange {
  readonly sheet: string;
  readonly rowLabel: string;
  readonly columnLabel: string;
  readonly format: Format;
  /** undefined: the row or column was not in that version. */
  readonly before?: Shown;
  readonly after?: Shown;
}

export interface Revision {
  readonly returnKey: string;
  readonly version: number;
  /** A version not recorded yet (saveRevision writes it). */
  readonly isNew: boolean;
  readonly asOf: string;
  readonly hash: string;
  readonly sheets: readonly SheetFigures[];
  /** The sheets as stored (meta.return_versions.figures). */
  readonly json: string;
  readonly builtAt: Date | null;
  readonly modelsVersion: string | null;
  readonly previous?: { readonly version: number; readonly writtenAt: Date; readonly asOf: string; readonly builtAt: Date | null };
  /** When a version already recorded (not new) was first written: the file written again says so. */
  readonly recordedAt?: Date;
  readonly changes: readonly FigureChange[];
}

/** Versions of one return whose figures are kept (a new version compares with the one before). */
export const KEEP_FIGURE_VERSIONS = 3;

// Rates are doubles of a division: 12 digits keep every shown digit and drop summation noise.
const norm = (v: number): number => Number(v.toPrecision(12));

/**
 * What one sheet shows, as rows × columns (null: no figure in that cell). Stored as JSON in
 * meta.return_versions.figures, one text per version: 1.5·10^6 figures at 10^6
 * participations took 15 s to append a row each and 6 s to read back; the JSON takes well
 * under one. The view meta.return_version_figures lists them a cell a row.
 */
export interface SheetFigures {
  readonly sheet: string;
  readonly rows: string[];
  readonly rowLabels: string[];
  readonly columns: string[];
  readonly columnLabels: string[];
  readonly formats: Format[];
  readonly shown: (Shown | null)[][];
}

/** Every figure cell as written (write-workbook.ts setCell: no value '–' before hidden '.'). */
export function figuresOf(model: WorkbookModel): SheetFigures[] {
  return model.sheets.map((sheet) => {
    const labels = sheet.columns.filter((c) => c.label && !c.wrap);
    const used = sheet.columns.map(() => false);
    sheet.keys.forEach((keys, r) => keys.forEach((key, c) => {
      if (key && sheet.cells[r]![c]) used[c] = true;
    }));
    const columns = sheet.columns.filter((_, c) => used[c]);
    const rows = sheet.keys.map((_, r) => sheet.rows[r]);
    return {
      sheet: sheet.layout.name,
      rows: rows.map((row) => (row ? String(row['row_key'] ?? '') : '*TOTAL*')),
      rowLabels: rows.map((row) => (row ? labels.map((c) => String(row[c.label!] ?? '')).filter(Boolean).join(' · ') : (sheet.layout.totalLabel ?? 'Insgesamt'))),
      columns: columns.map((col) => col.key),
      columnLabels: columns.map((col) => (col.group ? `${col.group}: ${col.header}` : col.header)),
      formats: columns.map((col) => col.format),
      shown: sheet.keys.map((keys, r) => {
        const cells = sheet.cells[r]!;
        const out: (Shown | null)[] = [];
        for (let c = 0; c < keys.length; c++) {
          if (!used[c]) continue;
          const figure = cells[c];
          out.push(!keys[c] || !figure ? null : figure.value === null ? NONE_MARK : figure.hidden ? HIDDEN_MARK : norm(figure.value));
        }
        return out;
      }),
    };
  });
}

/** The figures a cell at a time, for the comparison of two versions. */
export function* eachFigure(sheets: readonly SheetFigures[]): Generator<ShownFigure> {
  for (const s of sheets) {
    for (let r = 0; r < s.rows.length; r++) {
      for (let c = 0; c < s.columns.length; c++) {
        const shown = s.shown[r]![c];
        if (shown === null || shown === undefined) continue;
        yield { sheet: s.sheet, rowKey: s.rows[r]!, rowLabel: s.rowLabels[r]!, columnKey: s.columns[c]!, columnLabel: s.columnLabels[c]!, format: s.formats[c]!, shown };
      }
    }
  }
}

async function rows(conn: DuckDBConnection, sql: string, params: Record<string, string | number>): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
}

const identity = (f: { sheet: string; rowKey: string; columnKey: string }): string => `${f.sheet}\u0000${f.rowKey}\u0000${f.columnKey}`;

export async function readRevision(conn: DuckDBConnection, returnKey: string, model: WorkbookModel): Promise<Revision> {
  const sheets = figuresOf(model);
  const asOf = model.context.asOf;
  // what the workbook shows, labels included (a provider renamed is a new version too)
  const json = JSON.stringify(sheets);
  const hash = createHash('sha256').update(asOf).update(json).digest('hex');
  const built = (await rows(conn, 'SELECT max(built_at) AS at, max(models_version) AS v FROM meta.marts_built', {}).catch(() => []))[0];
  const versions = await rows(conn, 'SELECT version, figures_hash, as_of::VARCHAR AS as_of, written_at, marts_built_at FROM meta.return_versions WHERE return_key = $k ORDER BY version DESC LIMIT 2', { k: returnKey });
  const latest = versions[0];
  const isNew = !latest || latest['figures_hash'] !== hash;
  const version = isNew ? Number(latest?.['version'] ?? 0) + 1 : Number(latest['version']);
  const before = isNew ? latest : versions[1];
  const recorded = isNew ? {} : { recordedAt: latest['written_at'] as Date };
  const base = { returnKey, version, isNew, asOf, hash, sheets, json, builtAt: (built?.['at'] as Date | null) ?? null, modelsVersion: (built?.['v'] as string | null) ?? null, ...recorded };
  if (!before) return { ...base, changes: [] };
  const previous = { version: Number(before['version']), writtenAt: before['written_at'] as Date, asOf: String(before['as_of']), builtAt: (before['marts_built_at'] as Date | null) ?? null };
  const [stored] = await rows(conn, 'SELECT figures FROM meta.return_versions WHERE return_key = $k AND version = $v', { k: returnKey, v: previous.version });
  const then = new Map<string, ShownFigure>();
  for (const f of eachFigure(JSON.parse(String(stored?.['figures'] ?? '[]')) as SheetFigures[])) then.set(identity(f), f);
  const changes: FigureChange[] = [];
  for (const now of eachFigure(sheets)) {
    const was = then.get(identity(now));
    then.delete(identity(now));
    if (was?.shown !== now.shown) changes.push({ sheet: now.sheet, rowLabel: now.rowLabel, columnLabel: now.columnLabel, format: now.format, before: was?.shown, after: now.shown });
  }
  for (const gone of then.values()) changes.push({ sheet: gone.sheet, rowLabel: gone.rowLabel, columnLabel: gone.columnLabel, format: gone.format, before: gone.shown });
  return { ...base, previous, changes };
}

/** Records a new version once its workbook is written (a failed write leaves the record as it was). */
export async function saveRevision(conn: DuckDBConnection, revision: Revision, writtenAt: Date, fileName: string): Promise<void> {
  if (!revision.isNew) return;
  const { returnKey: k, version: v } = revision;
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('INSERT INTO meta.return_versions VALUES ($k, $v, $h, $a::DATE, $b::TIMESTAMP, $m, $f, $w::TIMESTAMP, $figures)', {
      k, v, h: revision.hash, a: revision.asOf, b: revision.builtAt ? utcText(revision.builtAt) : null, m: revision.modelsVersion, f: fileName, w: utcText(writtenAt),
      figures: revision.json,
    });
    // Older versions keep their record, not their figures: the scheduler writes a version
    // after every build that moves the as-of.
    await conn.run('UPDATE meta.return_versions SET figures = NULL WHERE return_key = $k AND version <= $v AND figures IS NOT NULL', { k, v: v - KEEP_FIGURE_VERSIONS });
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
