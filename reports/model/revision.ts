/**
 * Versions of a return (Fassungen). A return rewritten after a late or corrected delivery
 * kept its name and Datenstand and differed from the one already sent, with nothing to say
 * so: the funder expects a marked "berichtigte Fassung". Each run records what a workbook
 * shows (meta.return_versions, meta.return_version_figures); a rewrite whose figures or
 * as-of differ becomes the next version, and its cover and sheet „Änderungen“ name what
 * changed against the one before (tables: pipelines/db/bootstrap.ts). Only shown values are kept ('.' for a hidden cell, never
 * the figure behind it).
 *
 * Phases: shownFigures (model → list) → readRevision (compare with the record) → write the
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
  readonly figures: readonly ShownFigure[];
  readonly builtAt: Date | null;
  readonly modelsVersion: string | null;
  readonly previous?: { readonly version: number; readonly writtenAt: Date; readonly asOf: string; readonly builtAt: Date | null };
  readonly changes: readonly FigureChange[];
}

/** Versions of one return whose figures are kept (a new version compares with the one before). */
export const KEEP_FIGURE_VERSIONS = 3;

// Rates are doubles of a division: 12 digits keep every shown digit and drop summation noise.
const norm = (v: number): number => Number(v.toPrecision(12));

/** Every figure cell as written (write-workbook.ts setCell: no value '–' before hidden '.'). */
export function shownFigures(model: WorkbookModel): ShownFigure[] {
  const out: ShownFigure[] = [];
  for (const sheet of model.sheets) {
    const labels = sheet.columns.filter((c) => c.label && !c.wrap);
    sheet.keys.forEach((keys, r) => {
      const row = sheet.rows[r];
      const rowKey = row ? String(row['row_key'] ?? '') : '*TOTAL*';
      const rowLabel = row ? labels.map((c) => String(row[c.label!] ?? '')).filter(Boolean).join(' · ') : (sheet.layout.totalLabel ?? 'Insgesamt');
      keys.forEach((key, c) => {
        const figure = sheet.cells[r]![c];
        if (!key || !figure) return;
        const col = sheet.columns[c]!;
        const shown: Shown = figure.value === null ? NONE_MARK : figure.hidden ? HIDDEN_MARK : norm(figure.value);
        out.push({ sheet: sheet.layout.name, rowKey, rowLabel, columnKey: col.key, columnLabel: col.group ? `${col.group}: ${col.header}` : col.header, format: col.format, shown });
      });
    });
  }
  return out;
}

async function rows(conn: DuckDBConnection, sql: string, params: Record<string, string | number>): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
}

const identity = (f: { sheet: string; rowKey: string; columnKey: string }): string => `${f.sheet}\u0000${f.rowKey}\u0000${f.columnKey}`;

export async function readRevision(conn: DuckDBConnection, returnKey: string, model: WorkbookModel): Promise<Revision> {
  const figures = shownFigures(model);
  const asOf = model.context.asOf;
  const hash = createHash('sha256').update(JSON.stringify([asOf, figures.map((f) => [f.sheet, f.rowKey, f.columnKey, f.shown])])).digest('hex');
  const built = (await rows(conn, 'SELECT max(built_at) AS at, max(models_version) AS v FROM meta.marts_built', {}).catch(() => []))[0];
  const versions = await rows(conn, 'SELECT version, figures_hash, as_of::VARCHAR AS as_of, written_at, marts_built_at FROM meta.return_versions WHERE return_key = $k ORDER BY version DESC LIMIT 2', { k: returnKey });
  const latest = versions[0];
  const isNew = !latest || latest['figures_hash'] !== hash;
  const version = isNew ? Number(latest?.['version'] ?? 0) + 1 : Number(latest['version']);
  const before = isNew ? latest : versions[1];
  const base = { returnKey, version, isNew, asOf, hash, figures, builtAt: (built?.['at'] as Date | null) ?? null, modelsVersion: (built?.['v'] as string | null) ?? null };
  if (!before) return { ...base, changes: [] };
  const previous = { version: Number(before['version']), writtenAt: before['written_at'] as Date, asOf: String(before['as_of']), builtAt: (before['marts_built_at'] as Date | null) ?? null };
  const old = await rows(conn, 'SELECT sheet, row_key, row_label, column_key, column_label, format, value, mark FROM meta.return_version_figures WHERE return_key = $k AND version = $v', { k: returnKey, v: previous.version });
  const then = new Map<string, ShownFigure>(old.map((o) => {
    const f: ShownFigure = { sheet: String(o['sheet']), rowKey: String(o['row_key']), rowLabel: String(o['row_label']), columnKey: String(o['column_key']), columnLabel: String(o['column_label']), format: o['format'] as Format, shown: (o['mark'] as Shown | null) ?? norm(Number(o['value'])) };
    return [identity(f), f];
  }));
  const changes: FigureChange[] = [];
  for (const now of figures) {
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
    await conn.run('INSERT INTO meta.return_versions VALUES ($k, $v, $h, $a::DATE, $b::TIMESTAMP, $m, $f, $w::TIMESTAMP)', {
      k, v, h: revision.hash, a: revision.asOf, b: revision.builtAt ? utcText(revision.builtAt) : null, m: revision.modelsVersion, f: fileName, w: utcText(writtenAt),
    });
    const appender = await conn.createAppender('return_version_figures', 'meta');
    try {
      for (const f of revision.figures) {
        appender.appendVarchar(k);
        appender.appendInteger(v);
        for (const text of [f.sheet, f.rowKey, f.rowLabel, f.columnKey, f.columnLabel, f.format]) appender.appendVarchar(text);
        if (typeof f.shown === 'number') {
          appender.appendDouble(f.shown);
          appender.appendNull();
        } else {
          appender.appendNull();
          appender.appendVarchar(f.shown);
        }
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
    // The figures of older versions go (their row in meta.return_versions stays): the
    // scheduler writes a version after every build that moves the as-of, ~10^6 figure
    // rows per set of returns at 10^6 participations.
    await conn.run('DELETE FROM meta.return_version_figures WHERE return_key = $k AND version <= $v', { k, v: v - KEEP_FIGURE_VERSIONS });
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
