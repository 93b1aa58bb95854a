/**
 * Configuration is read once at the edge (CLI flags + environment), validated, defaulted
 * and frozen. Nothing downstream reads process.env.
 */
import { existsSync, statSync } from 'node:fs';
import { CliError } from './errors.ts';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { refuseSchemaName } from './db/database.ts';
import { refuseFileInPath } from './folders.ts';
import { readLimits } from './ingest/limits.ts';

/** How to make a key, for the messages about a key too short (pseudonym.ts says it too). */
export const MAKE_KEY = 'openssl rand -hex 32';

const ConfigSchema = z.object({
  dbPath: z.string().min(1),
  /** Pseudonym key given directly (ALMP_PSEUDONYM_KEY); wins over the key file. */
  pseudonymKey: z.string().min(16, `ALMP_PSEUDONYM_KEY must have at least 16 characters (make one with: ${MAKE_KEY})`).optional(),
  /** Key file, created with mode 0600 on first use when no key is given. */
  keyFile: z.string().min(1),
  /** A count or a numerator/denominator of 1..(threshold-1) is suppressed in public outputs. */
  suppressionThreshold: z.number({ error: 'ALMP_SUPPRESSION_THRESHOLD must be a whole number from 1 to 100, such as 5' }).int('ALMP_SUPPRESSION_THRESHOLD must be a whole number from 1 to 100, such as 5').min(1).max(100),
  /** ALMP_SUPPRESSION_THRESHOLD was set: outputs written from an earlier build refuse another threshold (threshold-guard.ts). */
  suppressionThresholdSet: z.boolean(),
  memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*([KMGT]i?B)$/i, 'ALMP_MEMORY_LIMIT must be a size such as 2GB or 1536MB').optional(),
  threads: z.number({ error: 'ALMP_THREADS must be a whole number of 1 or more, such as 2' }).int('ALMP_THREADS must be a whole number of 1 or more, such as 2').min(1).optional(),
  debug: z.boolean(),
  /**
   * The system's temporary folder as the command line finds it ($TMPDIR), where versions before
   * 947aa2f left an ingest's copies (ops/old-temp-copies.ts); unset, it is not looked into.
   */
  tempDir: z.string().min(1).optional(),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export interface ConfigInput {
  db?: string;
  keyFile?: string;
  debug?: boolean;
  /** The system's temporary folder (os.tmpdir() at the command line's edge; tests give their own or none). */
  tempDir?: string;
}

export const DEFAULT_DB = 'data/almp.duckdb';

/**
 * A command line a message tells the operator to run next, with --db unless the database is
 * the default one: copied as shown, a suggested `almp run` built the default database (the
 * samples' after `npm start`), not the one the operator was working on (a review).
 */
export function almpCommand(verb: string, dbPath: string, ...options: string[]): string {
  const db = resolve(dbPath) === resolve(DEFAULT_DB) ? [] : ['--db', shellWord(dbPath)];
  return ['almp', verb, ...db, ...options].join(' ');
}

/** A path as one word of a shell command line (quoted only where it has to be). */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** Where each setting comes from, for messages about a wrong value. */
const ENV_NAMES: Record<string, string> = {
  pseudonymKey: 'ALMP_PSEUDONYM_KEY',
  suppressionThreshold: 'ALMP_SUPPRESSION_THRESHOLD',
  memoryLimit: 'ALMP_MEMORY_LIMIT',
  threads: 'ALMP_THREADS',
};

export function loadConfig(input: ConfigInput, env: NodeJS.ProcessEnv): Config {
  // an empty variable (`ALMP_DB=` in a unit's environment file) is unset, not the current folder
  const dbPath = resolve(input.db || env['ALMP_DB'] || DEFAULT_DB);
  if (existsSync(dbPath) && statSync(dbPath).isDirectory()) {
    throw new CliError(`The database path ${dbPath} is a folder.`, `Give the database file, e.g. --db ${join(dbPath, 'almp.duckdb')}.`);
  }
  // before the key file is made beside it
  refuseSchemaName(dbPath);
  refuseFileInPath(dbPath, 'The database path', '--db');
  const keyFile = resolve(input.keyFile || env['ALMP_KEY_FILE'] || join(dirname(dbPath), 'almp.key'));
  // read only without ALMP_PSEUDONYM_KEY: a folder there ended as "Unexpected error: EISDIR"
  if (!env['ALMP_PSEUDONYM_KEY']) refuseKeyFolder(keyFile);
  const result = ConfigSchema.safeParse({
    dbPath,
    pseudonymKey: env['ALMP_PSEUDONYM_KEY'] || undefined,
    keyFile,
    suppressionThreshold: env['ALMP_SUPPRESSION_THRESHOLD'] ? Number(env['ALMP_SUPPRESSION_THRESHOLD']) : 5,
    suppressionThresholdSet: Boolean(env['ALMP_SUPPRESSION_THRESHOLD']),
    memoryLimit: env['ALMP_MEMORY_LIMIT'] || undefined,
    threads: env['ALMP_THREADS'] ? Number(env['ALMP_THREADS']) : undefined,
    debug: Boolean(input.debug),
    tempDir: input.tempDir ? resolve(input.tempDir) : undefined,
  });
  const limitProblems = readLimits(env).problems;
  if (!result.success || limitProblems.length > 0) {
    const problems = (result.error?.issues ?? []).map((i) => {
      const name = ENV_NAMES[String(i.path[0])] ?? String(i.path[0]);
      return i.message.startsWith(name) ? i.message : `${name}: ${i.message}`;
    });
    problems.push(...limitProblems);
    throw new CliError(`Configuration error: ${problems.join('; ')}.`, 'Fix or unset the environment variable named (README, section "Command line").');
  }
  return Object.freeze(result.data);
}

function refuseKeyFolder(keyFile: string): void {
  if (existsSync(keyFile) && statSync(keyFile).isDirectory()) {
    throw new CliError(`The pseudonym key file ${keyFile} is a folder.`, `Give the key file, e.g. --key-file ${join(keyFile, 'almp.key')} (created on first use when it does not exist), or the key itself in ALMP_PSEUDONYM_KEY.`);
  }
  refuseFileInPath(keyFile, 'The pseudonym key file', '--key-file');
}
