/**
 * `almp generate --out` where no folder can be: a file (README.md) ended as "Unexpected error:
 * ENOTDIR: not a directory, mkdir '…/README.md/jobcenters'" (exit 1, 'report it'), and
 * /proc/x spun a core for good (Node's recursive mkdir retries ENOENT under /proc). Both
 * are refused before anything is generated, with exit code 2.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolders } from '../../pipelines/folders.ts';
import { spawnTs } from '../ops/child.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-gen-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function generateInto(out: string): Promise<{ code: number | null; output: string }> {
  const child = spawnTs('pipelines/cli/main.ts', ['generate', '--participations', '100', '--out', out]);
  // the old code never ended under /proc: stop it, so the test fails instead of hanging
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 20_000);
  const { code } = await child.exited();
  clearTimeout(timer);
  return { code, output: child.output() };
}

describe('almp generate --out', () => {
  it('refuses a file, or a path under one, naming it', async () => {
    const file = join(dir, 'README.md');
    writeFileSync(file, '# notes\n');
    const run = await generateInto(file);
    expect(run.code).toBe(2);
    expect(run.output).toContain(`Error: Cannot write the outputs to ${file}: it is a file, not a folder. Nothing was generated.`);
    expect(run.output).not.toContain('Unexpected');
  }, 30_000);

  it.runIf(process.platform === 'linux' && existsSync('/proc/self'))('refuses a folder in /proc instead of trying for ever', async () => {
    const run = await generateInto('/proc/almp-generate-test');
    expect(run.code).toBe(2);
    expect(run.output).toContain('Error: Cannot write the outputs to /proc/almp-generate-test: no folder can be made in /proc. Nothing was generated.');
  }, 30_000);

  it('makes missing folders one level at a time', () => {
    makeFolders(join(dir, 'a', 'b', 'c'));
    makeFolders(join(dir, 'a', 'b', 'c'));
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['c']);
  });
});
