/**
 * Configuration is read once at the edge (CLI flags + environment), validated, defaulted
 * and frozen. Nothing downstream reads process.env.
 */
import { existsSync, statSync } from 'node:fs';
import { CliError } from './errors.ts';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

const ConfigSchema = z.object({
  dbPath: z.string().min(1),
  /** Pseudonym key given directly (ALMP_PSEUDONYM_KEY); wins over the key file. */
  pseudonymKey: z.string().min(16, 'ALMP_PSEUDONYM_KEY must have at least 16 characters').optional(),
  /** Key file, created with mode 0600 on first use when no key is given. */
  keyFile: z.string().min(1),
  /** A count or a numerator/denominator of 1..(threshold-1) is suppressed in public outputs. */
  suppressionThreshold: z.number().int().min(1).max(100),
  memoryLimit: z.string().optional(),
  threads: z.number().int().min(1).optional(),
  debug: z.boolean(),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export interface ConfigInput {
  db?: string;
  keyFile?: string;
  debug?: boolean;
}

export const DEFAULT_DB = 'data/almp.duckdb';

export function loadConfig(input: ConfigInput, env: NodeJS.ProcessEnv): Config {
  const dbPath = resolve(input.db ?? env['ALMP_DB'] ?? DEFAULT_DB);
  if (existsSync(dbPath) && statSync(dbPath).isDirectory()) {
    throw new CliError(`The database path ${dbPath} is a folder.`, `Give the database file, e.g. --db ${join(dbPath, 'almp.duckdb')}.`);
  }
  const parsed = ConfigSchema.parse({
    dbPath,
    pseudonymKey: env['ALMP_PSEUDONYM_KEY'] || undefined,
    keyFile: resolve(input.keyFile ?? env['ALMP_KEY_FILE'] ?? join(dirname(dbPath), 'almp.key')),
    suppressionThreshold: env['ALMP_SUPPRESSION_THRESHOLD'] ? Number(env['ALMP_SUPPRESSION_THRESHOLD']) : 5,
    memoryLimit: env['ALMP_MEMORY_LIMIT'] || undefined,
    threads: env['ALMP_THREADS'] ? Number(env['ALMP_THREADS']) : undefined,
    debug: Boolean(input.debug),
  });
  return Object.freeze(parsed);
}
