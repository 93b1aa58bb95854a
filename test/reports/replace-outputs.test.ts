/**
 * Disk full while returns and dashboards are rewritten: the files of the previous run must
 * stay whole under their names (a funder's return replaced by a cut-off zip was found by
 * running `almp returns` into a full file system), and no temp file is left behind.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const disk = vi.hoisted(() => ({ full: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  // A full disk: the write gets half of its bytes onto the disk, then fails.
  const writeFileSync = ((path: Parameters<typeof fs.writeFileSync>[0], data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    if (disk.full && /almp-returns-/.test(String(path)) && /[/\\]out[/\\]/.test(String(path))) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      fs.writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
    }
    return (fs.writeFileSync as (...a: unknown[]) => void)(path, data, ...rest);
  }) as typeof fs.writeFileSync;
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

const { writeReturns } = await import('../../reports/build.ts');
const { writeDashboards } = await import('../../dashboards/build.ts');
const { quietEffects } = await import('../../pipelines/effects.ts');
const { buildFixture } = await import('./helpers/fixture.ts');
type Fixture = Awaited<ReturnType<typeof buildFixture>>;

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 180_000);
afterAll(() => fx?.db.close());

function files(dir: string): Map<string, Buffer> {
  const all = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(all.map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name))]));
}

describe('outputs rewritten on a full disk', () => {
  it('keep the previous returns and pages whole under their names', async () => {
    const outDir = join(fx.dir, 'out');
    const effects = quietEffects(new Date('2026-10-01T00:00:00Z'));
    const first = [...(await writeReturns(fx.db, { outDir }, effects)), ...(await writeDashboards(fx.db, { outDir, formats: ['html'] }, effects))];
    expect(first.every((r) => r.status === 'success')).toBe(true);
    const before = files(outDir);
    expect([...before.keys()].some((p) => p.endsWith('.xlsx'))).toBe(true);
    expect([...before.keys()].some((p) => p.endsWith('.html'))).toBe(true);

    disk.full = true;
    try {
      const second = [...(await writeReturns(fx.db, { outDir }, effects)), ...(await writeDashboards(fx.db, { outDir, formats: ['html'] }, effects))];
      expect(second.every((r) => r.status === 'error')).toBe(true);
    } finally {
      disk.full = false;
    }
    const after = files(outDir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [path, bytes] of before) expect(after.get(path)!.equals(bytes), `${path} was damaged`).toBe(true);
  }, 120_000);
});
