/** Once per test run: the folder of shared template databases (test/helpers/template-db.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'almp-templates-'));
  project.provide('templateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
