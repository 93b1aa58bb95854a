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

export const REDACTED_PATHS = ['key', 'pseudonymKey', 'participant_id', 'participantId', '*.key', '*.pseudonymKey', '*.participant_id', '*.participantId'];

export interface OpsLoggerOptions {
  readonly logFile: string;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  /** Also write readable lines to stderr (colours only on a TTY). */
  readonly console: boolean;
}

export function createOpsLogger(options: OpsLoggerOptions): Logger {
  mkdirSync(dirname(options.logFile), { recursive: true });
  // Synchronous appends: a few lines per job, and nothing is lost when the process stops.
  const streams: pino.StreamEntry[] = [{ level: options.level, stream: pino.destination({ dest: options.logFile, append: true, sync: true }) }];
  if (options.console) {
    streams.push({
      level: options.level,
      stream: pretty({ destination: 2, colorize: Boolean(process.stderr.isTTY), translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname,event,trigger', singleLine: true, sync: true }),
    });
  }
  return pino(
    { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
}
