/**
 * bin/almp.mjs runs where the temporary folder cannot be written (a service with TMPDIR set
 * to a folder it cannot write): tsx's compile cache lives there, and the start died with tsx's
 * stack trace (EACCES/ENOTDIR, mkdir '…/tsx-<uid>') before almp said a word.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './child.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-bin-tmp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bin/almp.mjs and TMPDIR', () => {
  it('starts when TMPDIR is no writable folder', () => {
    // a file, not a folder: refused to root as well (a missing folder root would create)
    const notAFolder = join(dir, 'tmp-is-a-file');
    writeFileSync(notAFolder, '');
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'almp.mjs'), '--version'], { env: { ...process.env, TMPDIR: notAFolder }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/ENOTDIR|EACCES/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
