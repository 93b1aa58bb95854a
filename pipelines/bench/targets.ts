/**
 * The issues' speed and memory targets, checked against a benchmark's own figures, so that
 * whoever runs `npm run bench` sees which hold on their machine without reading the README.
 * A target is judged only where the run measured what it needs (its size and stages).
 */
import type { BenchRow, PipelineRow } from './options.ts';

export interface TargetResult {
  readonly target: string;
  readonly size: number;
  /** What the run measured, as the line prints it. */
  readonly measured: string;
  readonly met: boolean;
}

/** The stages that make the whole pipeline (besides the other ingests). */
const PIPELINE_STAGES = ['ingest:participations', 'models', 'dashboards', 'returns', 'snapshot'];
const GB = 1e9;
const MIB = 2 ** 20;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
/** Decimal GB as the targets say, beside the MiB the bench's lines print (as "MB"). */
const gb = (mib: number): string => `${((mib * MIB) / GB).toFixed(2)} GB = ${Math.round(mib).toLocaleString('en-US')} MiB`;

/** Every target that the results allow to judge, in the order of the README's table. */
export function checkTargets(results: readonly BenchRow[], pipelines: readonly PipelineRow[]): TargetResult[] {
  const out: TargetResult[] = [];
  const at = (size: number, stage: string) => results.find((r) => r.size === size && r.stage === stage);
  const underMs = (target: string, size: number, row: BenchRow | undefined, limitMs: number): void => {
    if (row) out.push({ target, size, measured: seconds(row.ms), met: row.ms < limitMs });
  };

  const M = 1_000_000;
  const participations = at(M, 'ingest:participations');
  if (participations?.ratio !== undefined) {
    out.push({ target: 'participations ingest within 2.5× of raw read_csv', size: M, measured: `${participations.ratio.toFixed(2)}×`, met: participations.ratio <= 2.5 });
  }
  const stages = results.filter((r) => r.size === M);
  if (stages.length) {
    const peak = stages.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
    out.push({ target: 'peak RSS under 2 GB in every stage', size: M, measured: `${gb(peak.peakRssMb)} (${peak.stage})`, met: peak.peakRssMb * MIB < 2 * GB });
  }
  const dashboards = at(M, 'dashboards');
  if (dashboards?.largestPageBytes !== undefined) {
    out.push({ target: 'each dashboard page under 3 MB', size: M, measured: `${(dashboards.largestPageBytes / 1e6).toFixed(2)} MB`, met: dashboards.largestPageBytes < 3e6 });
  }
  underMs('dashboards under 5 s', M, dashboards, 5000);
  underMs('returns under 5 s', M, at(M, 'returns'), 5000);
  underMs('all models under 15 s', M, at(M, 'models'), 15_000);
  // the whole pipeline only where every stage of it ran (--stages may leave some out)
  const whole = (size: number) => PIPELINE_STAGES.every((stage) => at(size, stage));
  const pipeline = whole(M) ? pipelines.find((p) => p.size === M) : undefined;
  if (pipeline) out.push({ target: 'whole pipeline under 40 s', size: M, measured: seconds(pipeline.ms), met: pipeline.ms < 40_000 });
  const refresh = at(M, 'refresh (1,000 reports)');
  if (refresh?.ratio !== undefined) {
    out.push({ target: 'refresh under 20 % of ingest all + models', size: M, measured: `${Math.round(refresh.ratio * 100)} %`, met: refresh.ratio < 0.2 });
  }

  const TEN_M = 10_000_000;
  const big = results.filter((r) => r.size === TEN_M);
  // "completes": every stage of the pipeline ran, and the pipeline row is written only once the size is through
  if (whole(TEN_M) && pipelines.some((p) => p.size === TEN_M)) {
    const peak = big.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
    out.push({ target: '10^7 completes with peak RSS under 6 GB', size: TEN_M, measured: `${gb(peak.peakRssMb)} (${peak.stage})`, met: peak.peakRssMb * MIB < 6 * GB });
  }
  return out;
}

/** The targets as lines for the terminal. */
export function targetLines(targets: readonly TargetResult[]): string[] {
  // a run at 10^4 or 10^5 printed nothing, and the README says the run judges the targets
  if (!targets.length) return ['Targets (issues): none at these sizes — they are judged at 10^6 participations (and 10^7 with --sizes 10000000).'];
  return [
    'Targets (issues; judged on this run):',
    ...targets.map((t) => `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.target.padEnd(50)} ${t.measured}`),
  ];
}
