/**
 * The operations log: JSON lines appended to a file (data/logs/almp.log) for machines and
 * audits, plus readable lines on the console for the person watching. Field names that
 * could carry a participant id or the pseudonym key are redacted as a safety net; the jobs
 * log file names, counts and statuses only.
 */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ESCAPING_LOG_HOOKS } from '../effects.ts';

export const REDACTED_PATHS = ['key', 'pseudonymKey', 'participant_id', 'participantId', '*.key', '*.pseudonymKey', '*.participant_id', '*.participantId'];

export interface OpsLoggerOptions {
  readonly logFile: string;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  /** Also write readable lines to stderr (colours only on a TTY). */
  readonly console: boolean;
  /** IANA zone of the console's times: the schedule's, so a line of a job set for 06:30 reads 06:30 on a server kept in UTC. */
  readonly timeZone?: string;
}

/** 'YYYY-MM-DD HH:MM:SS' of an instant on the wall clock of `timeZone`. */
export function wallClockTime(at: Date | number | string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

export function createOpsLogger(options: OpsLoggerOptions): Logger {
  return openOpsLog(options).log;
}

/**
 * The logger and a way to open its file anew: logrotate without copytruncate moves the file
 * away, and the process kept writing into the moved file (almp.log.1) until it restarted.
 */
export function openOpsLog(options: OpsLoggerOptions): { log: Logger; reopen: () => void } {
  mkdirSync(dirname(options.logFile), { recursive: true });
  // Synchronous appends: a few lines per job, and nothing is lost when the process stops.
  const file = pino.destination({ dest: options.logFile, append: true, sync: true });
  // A line that cannot be written (a full disk) is lost, not the process: with no listener,
  // sonic-boom's 'error' ended the scheduler mid-run and left its lock behind (a review).
  // Said on stderr, at most once an hour.
  let toldAt = -Infinity;
  file.on('error', (error: NodeJS.ErrnoException) => {
    if (Date.now() - toldAt < 3_600_000) return;
    toldAt = Date.now();
    process.stderr.write(`The operations log ${options.logFile} cannot be written (${error.code ?? error.message}): its lines are lost until it can (free disk space?); the jobs go on.\n`);
  });
  const streams: pino.StreamEntry[] = [{ level: options.level, stream: file }];
  if (options.console) {
    streams.push({
      level: options.level,
      stream: pretty({
        destination: 2,
        colorize: Boolean(process.stderr.isTTY),
        ...(options.timeZone
          ? { translateTime: false, customPrettifiers: { time: (t: string | object) => `[${wallClockTime(String(t), options.timeZone!)}]` } }
          : { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss' }),
        ignore: 'pid,hostname,event,trigger',
        singleLine: true,
        sync: true,
      }),
    });
  }
  const log = pino(
    { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime, hooks: ESCAPING_LOG_HOOKS },
    pino.multistream(streams),
  );
  return { log, reopen: () => reopenFile(file) };
}

/**
 * Opens the log file anew; when that fails (logrotate created it for another owner, or a
 * folder stands at its place) the old file stays in use and the error is thrown to the caller.
 * A failed reopen also leaves sonic-boom's listener that closes the old descriptor: a later
 * successful reopen would run it twice, and the second close's EBADF end the process.
 */
function reopenFile(file: ReturnType<typeof pino.destination>): void {
  const before = file.listeners('ready');
  try {
    file.reopen();
  } catch (error) {
    for (const listener of file.listeners('ready')) if (!before.includes(listener)) file.off('ready', listener as () => void);
    // sonic-boom emits the same error again on the next tick, and pino re-emits it with no
    // listener left: the process ended after all. It is the caller's to report.
    file.once('error', (emitted: unknown) => {
      if (emitted !== error) throw emitted;
    });
    throw error;
  }
}
