/**
 * Static exports (SVG + PNG) of charts for slides and Word reports, rendered in worker
 * threads (export-worker.mjs): at 10^6 participations the 26 charts of the overall pages
 * cost ~3 s of CPU in vega and resvg, which the main thread would otherwise spend in
 * series with writing the 43 HTML pages. Each worker takes the next chart when it has
 * finished one; a dashboard's datasets go to a worker once (as the page's compact JSON,
 * a string is cheap to pass), with its first chart of that dashboard.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChartDef } from './charts/kit.ts';
import { FONT_FAMILY, NUMBER_LOCALE_DE, TIME_LOCALE_DE } from './theme.ts';

export interface ExportOutput {
  readonly svg: string;
  readonly png?: Uint8Array;
}

interface Task {
  readonly id: number;
  readonly key: string;
  readonly chart: ChartDef;
  readonly png: boolean;
  resolve(output: ExportOutput): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  readonly sent: Set<string>;
  task?: Task;
}

const WORKER_URL = new URL('./export-worker.mjs', import.meta.url);

/** What every worker renders with: German locale, the bundled fonts only, PNG zoom. */
const SETTINGS = {
  locale: { number: NUMBER_LOCALE_DE, time: TIME_LOCALE_DE },
  fontFiles: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => fileURLToPath(new URL(`./fonts/${f}`, import.meta.url))),
  fontFamily: FONT_FAMILY,
  /** PNG at 1.5 × the SVG size: sharp enough on slides and in Word; 2 × costs ~40 % more time. */
  pngZoom: 1.5,
};

export class ExportPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly datasets = new Map<string, string>();
  private nextId = 0;
  private broken?: Error;

  /** Two workers on two cores or more: the main thread meanwhile writes the pages. */
  constructor(size = Math.max(1, Math.min(2, availableParallelism()))) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: new Worker(WORKER_URL, { workerData: SETTINGS }), sent: new Set() };
      slot.worker.on('message', (message: { id: number; svg?: string; png?: Uint8Array; error?: string }) => {
        const task = slot.task;
        slot.task = undefined;
        if (task) {
          if (message.error !== undefined || message.svg === undefined) task.reject(new Error(message.error ?? 'no SVG'));
          else task.resolve({ svg: message.svg, png: message.png });
        }
        this.dispatch();
      });
      slot.worker.on('error', (error) => this.fail(error));
      slot.worker.on('exit', (code) => code !== 0 && this.fail(new Error(`export worker stopped (exit code ${code})`)));
      this.slots.push(slot);
    }
  }

  /** The datasets of one dashboard as the page embeds them (JSON of encodeDataset per name). */
  addDatasets(key: string, json: string): void {
    this.datasets.set(key, json);
  }

  render(key: string, chart: ChartDef, png: boolean): Promise<ExportOutput> {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.queue.push({ id: this.nextId++, key, chart, png, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('export pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || this.broken) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      if (!slot.sent.has(task.key)) {
        slot.worker.postMessage({ type: 'datasets', key: task.key, json: this.datasets.get(task.key) ?? '{}' });
        slot.sent.add(task.key);
      }
      slot.worker.postMessage({ type: 'chart', id: task.id, key: task.key, chart: task.chart, png: task.png });
    }
  }

  /** A crashed worker fails its chart and every queued one (each becomes an error result). */
  private fail(error: Error): void {
    this.broken ??= error;
    for (const slot of this.slots) {
      slot.task?.reject(error);
      slot.task = undefined;
    }
    for (const task of this.queue.splice(0)) task.reject(error);
  }
}
