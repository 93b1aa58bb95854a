/**
 * Once per test run: the folder of shared template databases (test/helpers/template-db.ts)
 * and the run's scratch folder (test/helpers/scratch.ts); both go when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDir: string;
    scratchDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'almp-templates-'));
  const scratch = mkdtempSync(join(tmpdir(), 'almp-test-run-'));
  project.provide('templateDir', dir);
  project.provide('scratchDir', scratch);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
}
