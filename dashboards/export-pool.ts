/**
 * Static exports (SVG + PNG) of charts for slides and Word reports, rendered in worker
 * threads (export-worker.mjs): at 10^6 participations the 26 charts of the overall pages
 * cost ~2.5 s of CPU in vega and resvg, which the main thread would otherwise spend in
 * series with reading the marts and writing the 43 HTML pages.
 *
 * With two workers, the first draws the SVGs with vega (and rasterises when it has no SVG
 * left to draw), the second only rasterises SVG to PNG with resvg: vega is loaded and
 * JIT-compiled in one thread instead of two (~0.5 s of CPU less than two all-round
 * workers). A dashboard's datasets go to the vega worker once, as the page's compact JSON
 * (a string is cheap to pass between threads).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChartDef } from './charts/kit.ts';
import type { SpecChart } from './html/page-spec.ts';
import { FONT_FAMILY, NUMBER_LOCALE_DE, TIME_LOCALE_DE } from './theme.ts';

export interface ExportOutput {
  readonly svg: string;
  readonly png?: Uint8Array;
  /** Why no PNG was drawn although one was asked for. */
  readonly noPng?: string;
}

/**
 * A PNG taller than this many pixels is not drawn: no slide or page shows it legibly (the
 * providers × years table at 10^6 participations came to 1,022 × 17,405 px, 3.3 MB, and
 * took 40 % of all PNG time); its SVG and the page's CSV hold the same figures.
 */
export const MAX_PNG_HEIGHT = 4000;

type Job =
  | { readonly kind: 'svg'; readonly key: string; readonly chart: ChartDef }
  | { readonly kind: 'png'; readonly svg: string }
  // a page's chart compiled to Vega (html/page-spec.ts), where vega-lite is loaded and warm
  | { readonly kind: 'spec'; readonly chart: SpecChart };
type JobResult = string | Uint8Array | Record<string, unknown>;

interface Task {
  readonly job: Job;
  resolve(result: JobResult): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  /** Kinds of job this worker takes, in order of preference. */
  readonly takes: readonly Job['kind'][];
  readonly sent: Set<string>;
  task?: Task;
}

const WORKER_URL = new URL('./export-worker.mjs', import.meta.url);

function fontPaths(suffix: string): string[] {
  return ['DejaVuSans', 'DejaVuSans-Bold'].map((f) => fileURLToPath(new URL(`./fonts/${f}${suffix}.ttf`, import.meta.url)));
}

/** What every worker renders with: German locale, the bundled fonts only, PNG zoom. */
const SETTINGS = {
  locale: { number: NUMBER_LOCALE_DE, time: TIME_LOCALE_DE },
  fontFiles: fontPaths(''),
  /** The same fonts cut to the blocks of fonts/subset-coverage.mjs: PNGs of text in them only. */
  subsetFontFiles: fontPaths('-subset'),
  fontFamily: FONT_FAMILY,
  /** PNG at 1.5 × the SVG size: sharp enough on slides and in Word (1 × saves ~15 % of the export CPU). */
  pngZoom: 1.5,
};

export class ExportPool {
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Job['kind'], Task[]> = { spec: [], svg: [], png: [] };
  private readonly datasets = new Map<string, string>();
  private broken?: Error;

  /**
   * Two workers on two cores or more, else one that does both. `cutDatasets: false` draws
   * from every row of the page's datasets (export-rows.mjs), for comparing the two.
   */
  constructor(size = Math.min(2, availableParallelism()), { cutDatasets = true }: { cutDatasets?: boolean } = {}) {
    // a page waits for its specs: they go before the exports queued ahead of them
    const roles: Job['kind'][][] = size >= 2 ? [['spec', 'svg', 'png'], ['png']] : [['spec', 'svg', 'png']];
    for (const takes of roles) {
      const worker = new Worker(WORKER_URL, { workerData: { ...SETTINGS, vega: takes.includes('svg'), cutDatasets } });
      const slot: Slot = { worker, takes, sent: new Set() };
      worker.on('message', (message: { result?: JobResult; error?: string }) => {
        const task = slot.task;
        slot.task = undefined;
        if (message.result !== undefined) task?.resolve(message.result);
        else task?.reject(new Error(message.error ?? 'export failed'));
        this.dispatch();
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => code !== 0 && this.fail(new Error(`export worker stopped (exit code ${code})`)));
      this.slots.push(slot);
    }
  }

  /** The datasets of one dashboard as the page embeds them (JSON of encodeDataset per name). */
  addDatasets(key: string, json: string): void {
    this.datasets.set(key, json);
  }

  /** The chart's SVG, and its PNG when asked for; the PNG is queued as soon as the SVG is drawn. */
  async render(key: string, chart: ChartDef, png: boolean): Promise<ExportOutput> {
    const svg = (await this.run({ kind: 'svg', key, chart })) as string;
    if (!png) return { svg };
    const height = Math.ceil(svgHeight(svg) * SETTINGS.pngZoom);
    if (height > MAX_PNG_HEIGHT) {
      return { svg, noPng: `no PNG: it would be ${height} px high (limit ${MAX_PNG_HEIGHT}); the SVG and the page's "Daten als CSV (Excel)" hold the same figures` };
    }
    return { svg, png: (await this.run({ kind: 'png', svg })) as Uint8Array };
  }

  /** The chart compiled for its page (compileEmpty), by the worker that draws the SVGs. */
  async compileSpec(chart: SpecChart): Promise<Record<string, unknown>> {
    return (await this.run({ kind: 'spec', chart: { id: chart.id, datasets: chart.datasets, spec: chart.spec } })) as Record<string, unknown>;
  }

  async close(): Promise<void> {
    this.fail(new Error('export pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private run(job: Job): Promise<JobResult> {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.queues[job.kind].push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || this.broken) continue;
      const kind = slot.takes.find((k) => this.queues[k].length > 0);
      if (!kind) continue;
      const task = this.queues[kind].shift()!;
      slot.task = task;
      const { job } = task;
      if (job.kind === 'svg' && !slot.sent.has(job.key)) {
        slot.worker.postMessage({ kind: 'datasets', key: job.key, json: this.datasets.get(job.key) ?? '{}' });
        slot.sent.add(job.key);
      }
      slot.worker.postMessage(job);
    }
  }

  /** A crashed worker fails its job and every queued one (each becomes an error result). */
  private fail(error: Error): void {
    this.broken ??= error;
    for (const slot of this.slots) {
      slot.task?.reject(error);
      slot.task = undefined;
    }
    for (const queue of Object.values(this.queues)) for (const task of queue.splice(0)) task.reject(error);
  }
}

/** The height vega wrote on the root element (px). */
function svgHeight(svg: string): number {
  const match = /^<svg\b[^>]*\sheight="([\d.]+)"/.exec(svg);
  return match ? Number(match[1]) : 0;
}
