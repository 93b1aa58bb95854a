/**
 * Side effects a verb may have, injected so tests pass a quiet set instead of mocking
 * modules: user-facing output, structured log, clock, progress bars.
 */
import type { Logger } from 'pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import { SingleBar, Presets } from 'cli-progress';
import { onInterrupt } from './interruption.ts';

export interface Progress {
  /** Advances by `delta` (default 1); `detail` names what is being worked on now (tick(0, name) before it starts). */
  tick(delta?: number, detail?: string): void;
  stop(): void;
  /** True when a bar is drawn: only then is progress within one item worth following. */
  readonly live?: boolean;
}

export interface ProgressOptions {
  /** Show an ETA (default). Off where the items differ much in size (one model is two thirds of a build): elapsed time instead. */
  readonly eta?: boolean;
}

export interface Effects {
  /** A line for the person at the terminal (summaries, tables). */
  out(line: string): void;
  /** Bytes for standard output as they are (a workbook redirected into a file). */
  outBytes(bytes: Uint8Array): void;
  /** A warning for the person at the terminal (stderr). */
  warn(line: string): void;
  /** Structured log (JSON lines); never receives raw participant ids or the key. */
  readonly log: Logger;
  /** The clock; pinned in tests. */
  now(): Date;
  /** A progress bar on a TTY, nothing otherwise. */
  progress(label: string, total: number, options?: ProgressOptions): Progress;
}

export const NO_PROGRESS: Progress = { tick: () => undefined, stop: () => undefined };

/** C0 controls but tab and newline, DEL, C1 controls: a terminal acts on them (ESC sequences clear the screen, set the title, write the clipboard). */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * A line for the terminal with its control characters shown as \xNN: file names, header
 * cells, reject values and ids come from input files and reach the operator's terminal.
 */
export function terminalText(line: string): string {
  return line.replace(TERMINAL_CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * pino hooks that show every string of a log call (message and fields, nested too) as
 * terminalText. JSON escapes C0 controls but not C1: a sheet named 'Daten\u009b2J' wrote
 * U+009B, which terminals take for ESC [, raw into almp.log (for `tail -f`) and onto the
 * console, where pino-pretty prints the message as it is.
 */
export const ESCAPING_LOG_HOOKS: pino.LoggerOptions['hooks'] = {
  logMethod(args, method) {
    return method.apply(this, args.map((arg) => shownInLog(arg, 0)) as Parameters<typeof method>);
  },
};

function shownInLog(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return terminalText(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => shownInLog(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shownInLog(v, depth + 1)]));
}

export interface ConsoleOptions {
  logger?: Logger;
  debug?: boolean;
  /** The terminal's streams (tests give their own); default process.stdout and process.stderr. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

export function consoleEffects(options: ConsoleOptions = {}): Effects {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  // --debug writes log lines to stderr at any moment, which a bar redrawn every 100 ms would run into
  const interactive = Boolean(stderr.isTTY) && !process.env['CI'] && !options.debug;
  // A line written while a bar is drawn first clears the bar's line (the bar redraws below it).
  let drawn: SingleBar | undefined;
  const clearBar = () => {
    if (drawn) stderr.write('\r\x1b[2K');
  };
  return {
    out: (line) => {
      clearBar();
      stdout.write(`${terminalText(line)}\n`);
    },
    outBytes: (bytes) => stdout.write(bytes),
    warn: (line) => {
      clearBar();
      stderr.write(`${terminalText(line)}\n`);
    },
    // Every warning and error of a verb also reaches the person as a line of its own (a
    // result, a reason): the structured log on the terminal only with --debug, readable.
    log: options.logger ?? (options.debug ? pino({ level: 'debug', hooks: ESCAPING_LOG_HOOKS }, pretty({ destination: 2, singleLine: true, ignore: 'pid,hostname', sync: true })) : pino({ level: 'fatal' }, pino.destination(2))),
    now: () => new Date(),
    progress: (label, total, { eta = true } = {}) => {
      if (!interactive || total <= 0) return NO_PROGRESS;
      const time = eta ? 'ETA {eta}s' : '{duration_formatted}';
      const bar = new SingleBar(
        { format: `${label} [{bar}] {percentage}% | {value}/{total} | ${time}{detail}`, stream: stderr, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(total, 0, { detail: '' });
      drawn = bar;
      // the bar hid the cursor and turned line wrap off: Ctrl-C left the terminal so
      const forget = onInterrupt(() => bar.stop());
      return {
        live: true,
        // the detail is a model or file name: a file's name comes from its sender
        tick: (delta = 1, detail) => bar.increment(delta, detail === undefined ? {} : { detail: ` | ${terminalText(detail)}` }),
        stop: () => {
          forget();
          bar.stop();
          if (drawn === bar) drawn = undefined;
        },
      };
    },
  };
}

/** Effects for tests: collects output, logs nothing, fixed clock. */
export function quietEffects(now = new Date('2026-01-01T00:00:00Z')): Effects & { lines: string[]; warnings: string[]; bytes: Uint8Array[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  const bytes: Uint8Array[] = [];
  return {
    lines,
    warnings,
    bytes,
    out: (line) => void lines.push(line),
    outBytes: (chunk) => void bytes.push(chunk),
    warn: (line) => void warnings.push(line),
    log: pino({ level: 'silent' }),
    now: () => now,
    progress: () => NO_PROGRESS,
  };
}
