/**
 * `almp restore --list NAME` listed the snapshots and dropped the name: whoever meant to
 * restore that snapshot learnt nothing. Refused as a usage error, saying what to run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../ops/child.ts';

it('refuses --list together with a snapshot name (exit 2), naming both commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-restore-list-'));
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'almp.mjs'), '--db', join(dir, 'almp.duckdb'), 'restore', '--list', '20261205T174600163Z.duckdb'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--list lists the snapshots and restores none: '20261205T174600163Z.duckdb' was given too.");
    expect(run.stderr).toContain('almp restore 20261205T174600163Z.duckdb to restore that one');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
