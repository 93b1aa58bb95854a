/**
 * The test processes keep the memory DuckDB frees when a database closes (why:
 * keep-freed-memory.c). Built with the machine's C compiler once per version of the source,
 * into node_modules/.cache (readable by the tests that run almp as another user); preloaded
 * into the test workers and, through their environment, into the command lines they start.
 * Without a compiler the suite runs as before, only slower, and says so.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('./keep-freed-memory.c', import.meta.url));
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/almp-tests/', import.meta.url));

/** `LD_PRELOAD` for the test workers, or nothing (not Linux, no compiler, or ALMP_TEST_FREE_MEMORY=1 to compare). */
export function keepFreedMemoryEnv(env: NodeJS.ProcessEnv = process.env): { LD_PRELOAD?: string } {
  if (process.platform !== 'linux' || env.ALMP_TEST_FREE_MEMORY === '1') return {};
  const library = built(env.CC || 'cc');
  if (!library) return {};
  return { LD_PRELOAD: [library, env.LD_PRELOAD].filter(Boolean).join(' ') };
}

function built(compiler: string): string | undefined {
  const source = readFileSync(SOURCE);
  const library = join(CACHE, `keep-freed-memory-${createHash('sha256').update(source).digest('hex').slice(0, 12)}.so`);
  if (existsSync(library)) return library;
  mkdirSync(CACHE, { recursive: true, mode: 0o755 });
  chmodSync(CACHE, 0o755);
  const building = `${library}.${process.pid}.tmp`;
  try {
    execFileSync(compiler, ['-O2', '-shared', '-fPIC', '-o', building, SOURCE, '-ldl'], { stdio: ['ignore', 'ignore', 'pipe'] });
    chmodSync(building, 0o755);
    renameSync(building, library);
    return library;
  } catch (error) {
    rmSync(building, { force: true });
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no C compiler (${compiler})` : String((error as { stderr?: Buffer }).stderr ?? error).trim();
    console.warn(`Tests keep DuckDB's page purging (${reason}): the suite takes about a fifth longer. Install gcc (Debian: apt-get install gcc) to skip it.`);
    return undefined;
  }
}
