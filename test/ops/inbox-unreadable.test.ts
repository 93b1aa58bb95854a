/**
 * One file the service cannot read (an uploader's umask, root-owned copy) must not block
 * the inbox: it waits with its reason, and the other files are taken. Permissions cannot
 * be taken away from root (the test may run as root), so the open is made to fail.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = ((path: Parameters<typeof fs.openSync>[0], ...rest: unknown[]) => {
    if (String(path).includes('unreadable')) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' });
    return (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
  }) as typeof fs.openSync;
  return { ...fs, default: { ...fs, openSync }, openSync };
});

const { ensureInbox, scanInbox } = await import('../../pipelines/ops/inbox.ts');

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NOW = Date.parse('2026-03-10T10:00:00Z');
const HOUR = 3_600_000;

describe('inbox scan with a file that cannot be read', () => {
  it('holds that file with its reason and takes the others', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-inbox-'));
    const inbox = join(dir, 'inbox');
    ensureInbox(inbox);
    for (const name of ['a_good.csv', 'b_unreadable.csv', 'c_good.csv']) {
      const path = join(inbox, 'outcomes', name);
      writeFileSync(path, 'x;y\n1;2\n');
      utimesSync(path, new Date(NOW - 120_000), new Date(NOW - 120_000));
    }
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(scan.ready.map((f) => f.name)).toEqual(['a_good.csv', 'c_good.csv']);
    expect(scan.waiting.map((f) => [f.name, f.holdReason])).toEqual([
      ['b_unreadable.csv', "cannot be read (EACCES: check the file's owner and permissions)"],
    ]);
  });
});
