/**
 * Folders for the files of shared test helpers, inside the run's scratch folder, which goes
 * when the run ends (test/helpers/global-setup.ts). A helper's own afterAll is not enough:
 * with isolate: false a worker imports the helper once, so the hook belongs to the first
 * file that imported it, and every later file's folders stayed in the temp dir (~40 MB a run).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(runScratch() ?? tmpdir(), prefix));
}

function runScratch(): string | undefined {
  try {
    return inject('scratchDir') || undefined;
  } catch {
    return undefined; // not inside a vitest worker (a script importing the helpers)
  }
}
