/**
 * Builds the bundled sample inbox (data-samples/inbox): one small, consistent dataset
 * made by the generator, written as the mixed files real senders deliver (see
 * data-samples/README.md). Deterministic: a rebuild gives the same bytes.
 * Run: `npx tsx pipelines/generate/build-samples.ts [outDir]`.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleEffects, type Effects } from '../effects.ts';
import { KINDS, type Kind } from '../schema/kinds.ts';
import type { WrittenFile } from './csv-file-sink.ts';
import { type Day, formatDe, parseIsoDay } from './days.ts';
import { writeCsvFile, writeJsonFile, writeNdjsonFile, writeXlsxFile } from './file-writers.ts';
import { MemorySink, type Row } from './row.ts';
import * as styles from './sample-styles.ts';
import { multiLineText } from './texts.ts';
import { generateWorld } from './world.ts';

export const SAMPLE_PARTICIPATIONS = 400;
/** Chosen so that the 400 participations contain every case data-samples/README.md lists (test/generate guards it). */
export const SAMPLE_SEED = 9;
export const SAMPLE_AS_OF = '2026-09-30';

export interface SampleResult {
  readonly outDir: string;
  readonly files: readonly WrittenFile[];
  /** The dataset as generated (before the files' spelling), per kind. */
  readonly rows: Readonly<Record<Kind, readonly Row[]>>;
}

/** A provider reports a dropout the Jobcenter has not recorded (rare in generated data; one for sure here). */
function providerOnlyExit(rows: Record<Kind, Row[]>, asOf: Day): void {
  const active = rows.participations.find((p) => p.entry_date != null && p.exit_date == null && (p.entry_date as Day) <= asOf - 60);
  const measure = rows.measures.find((m) => m.measure_id === active?.measure_id);
  if (!active || !measure) return;
  const exit = (active.entry_date as Day) + 30;
  rows.final_reports.push({
    provider_id: measure.provider_id,
    measure_id: measure.measure_id,
    participant_id: active.participant_id,
    report_date: exit + 6,
    entry_date: active.entry_date,
    exit_date: exit,
    outcome: 'dropout',
    dropout_initiator: 'participant',
    dropout_reasons: ['motivation'],
    reason_text: 'TN seit drei Wochen nicht erschienen; Abbruch aus unserer Sicht.',
    jobcenter_informed_date: exit + 6,
  });
}

/** Hand-made touches the generator does not do by itself, so the files carry them for sure. */
function handStyle(rows: Record<Kind, Row[]>, asOf: Day): void {
  providerOnlyExit(rows, asOf);
  const first = rows.providers[0];
  if (first) first.name = `${String(first.name)}, Zweigstelle "Süd"`;
  rows.measures.forEach((m, i) => {
    if (i % 3 === 0) m.title = `${String(m.title)} (Zuschuss 1.200 € je TN)`;
  });
}

/** Free text each provider file should carry at least once. */
function plantText(reports: Row[], text: string): void {
  const target = reports.find((r) => r.outcome === 'dropout') ?? reports[0];
  if (target) target.reason_text = text;
}

async function writeFinalReports(dir: string, reports: readonly Row[], asOf: Day): Promise<WrittenFile[]> {
  const byProvider = new Map<string, Row[]>();
  for (const r of reports) byProvider.set(String(r.provider_id), [...(byProvider.get(String(r.provider_id)) ?? []), r]);
  const files: WrittenFile[] = [];
  // The busiest providers first, so each format carries a fair share of the reports.
  const providers = [...byProvider.keys()].sort((a, b) => (byProvider.get(b)?.length ?? 0) - (byProvider.get(a)?.length ?? 0) || a.localeCompare(b));
  for (const [i, provider] of providers.entries()) {
    const rows = byProvider.get(provider) ?? [];
    const base = join(dir, `abschlussberichte_${provider}`);
    switch (i % 4) {
      case 0:
        plantText(rows, '=SUM(A1)');
        files.push(
          await writeXlsxFile(`${base}.xlsx`, 'final_reports', rows, {
            sheetName: 'Abschlussberichte',
            titleRows: [`Abschlussberichte Träger ${provider}`, `Stand: ${formatDe(asOf)} – bitte nur Zeilen ab Kopfzeile auswerten`],
            headers: styles.FINAL_REPORT_HEADERS,
            stamp: asOf,
          }),
        );
        break;
      case 1:
        plantText(rows, '<script>alert(1)</script>');
        files.push(writeJsonFile(`${base}.json`, 'final_reports', rows, { listsAsArrays: true }));
        break;
      case 2:
        files.push(writeNdjsonFile(`${base}.ndjson`, 'final_reports', rows, { listsAsArrays: false }));
        break;
      default:
        plantText(rows, `${multiLineText(asOf - 30)}\nRückruf: +49 171 2345678; "dringend"`);
        files.push(writeCsvFile(`${base}.csv`, 'final_reports', rows, styles.FINAL_REPORTS_CSV_STYLE));
    }
  }
  return files;
}

function writeParticipations(dir: string, rows: readonly Row[], jobcenters: readonly Row[]): WrittenFile[] {
  return jobcenters.map((jc) => {
    const own = rows.filter((r) => r.jobcenter_id === jc.jobcenter_id);
    if (jc.type === 'zkT') {
      // This system writes the exit code as a number: '03' becomes '3'.
      const unpadded = own.map((r) => ({ ...r, exit_reason: typeof r.exit_reason === 'string' ? String(Number(r.exit_reason)) : r.exit_reason }));
      return writeCsvFile(join(dir, `teilnahmen_${String(jc.jobcenter_id)}.csv`), 'participations', unpadded, styles.PARTICIPATIONS_ZKT_STYLE);
    }
    return writeCsvFile(join(dir, `teilnahmen_${String(jc.jobcenter_id)}.csv`), 'participations', own, styles.PARTICIPATIONS_GE_STYLE);
  });
}

export async function buildSamples(outDir: string, effects: Effects, seed = SAMPLE_SEED): Promise<SampleResult> {
  const asOf = parseIsoDay(SAMPLE_AS_OF) as Day;
  const sinks = Object.fromEntries(KINDS.map((k) => [k, new MemorySink()])) as Record<Kind, MemorySink>;
  await generateWorld({ participations: SAMPLE_PARTICIPATIONS, seed, asOf }, sinks);
  const rows = Object.fromEntries(KINDS.map((k) => [k, sinks[k].rows])) as Record<Kind, Row[]>;
  handStyle(rows, asOf);
  for (const kind of KINDS) rmSync(join(outDir, kind), { recursive: true, force: true });
  const dir = (kind: Kind): string => join(outDir, kind);
  const files: WrittenFile[] = [
    writeCsvFile(join(dir('jobcenters'), 'dienststellen.csv'), 'jobcenters', rows.jobcenters, styles.JOBCENTERS_STYLE),
    writeCsvFile(join(dir('providers'), 'traegerverzeichnis.csv'), 'providers', rows.providers, styles.PROVIDERS_STYLE),
    writeCsvFile(join(dir('measures'), 'massnahmen_einkauf.csv'), 'measures', rows.measures, styles.MEASURES_STYLE),
    ...writeParticipations(dir('participations'), rows.participations, rows.jobcenters),
    ...(await writeFinalReports(dir('final_reports'), rows.final_reports, asOf)),
    writeCsvFile(join(dir('attendance'), 'fehlzeiten.csv'), 'attendance', rows.attendance, styles.ATTENDANCE_STYLE),
    writeCsvFile(join(dir('jobcenter_stocks'), 'bestandszahlen.csv'), 'jobcenter_stocks', rows.jobcenter_stocks, styles.STOCKS_STYLE),
    writeCsvFile(join(dir('outcomes'), 'verbleib.csv'), 'outcomes', rows.outcomes, styles.OUTCOMES_STYLE),
  ];
  for (const f of files) effects.out(`${f.path}  ${f.rows} rows  ${f.bytes} bytes`);
  return { outDir, files, rows };
}

const DEFAULT_OUT = fileURLToPath(new URL('../../data-samples/inbox/', import.meta.url));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSamples(resolve(process.argv[2] ?? DEFAULT_OUT), consoleEffects());
}
