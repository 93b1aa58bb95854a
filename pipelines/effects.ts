/**
 * Side effects a verb may have, injected so tests pass a quiet set instead of mocking
 * modules: user-facing output, structured log, clock, progress bars.
 */
import type { Logger } from 'pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  tick(delta?: number): void;
  stop(): void;
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
  progress(label: string, total: number): Progress;
}

const NO_PROGRESS: Progress = { tick: () => undefined, stop: () => undefined };

/** C0 controls but tab and newline, DEL, C1 controls: a terminal acts on them (ESC sequences clear the screen, set the title, write the clipboard). */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * A line for the terminal with its control characters shown as \xNN: file names, header
 * cells, reject values and ids come from input files and reach the operator's terminal.
 */
export function terminalText(line: string): string {
  return line.replace(TERMINAL_CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function consoleEffects(options: { logger?: Logger; debug?: boolean } = {}): Effects {
  const interactive = Boolean(process.stderr.isTTY) && !process.env['CI'];
  return {
    out: (line) => process.stdout.write(`${terminalText(line)}\n`),
    outBytes: (bytes) => process.stdout.write(bytes),
    warn: (line) => process.stderr.write(`${terminalText(line)}\n`),
    // Every warning and error of a verb also reaches the person as a line of its own (a
    // result, a reason): the structured log on the terminal only with --debug, readable.
    log: options.logger ?? (options.debug ? pino({ level: 'debug' }, pretty({ destination: 2, singleLine: true, ignore: 'pid,hostname', sync: true })) : pino({ level: 'fatal' }, pino.destination(2))),
    now: () => new Date(),
    progress: (label, total) => {
      if (!interactive || total <= 0) return NO_PROGRESS;
      const bar = new SingleBar(
        { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s`, stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(total, 0);
      return { tick: (delta = 1) => bar.increment(delta), stop: () => bar.stop() };
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
