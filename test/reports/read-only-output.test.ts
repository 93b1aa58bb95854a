/**
 * An output folder the user may not write to (a read-only share, a colleague's folder):
 * `almp dashboards --out` stopped with "Unexpected error: EACCES: permission denied, mkdir
 * '…/dashboards' … report it with the output", each return said "EACCES: permission denied,
 * open '…/.landesprogramm-jahresmeldung-2025.xlsx.18665.tmp'", and `almp run` ended with
 * "Outputs are in …" and exit code 0 although no return had been written.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';

// Node's own error for a folder without write permission (root is never refused, so the
// tests cannot chmod their way there): code, syscall and path as fs throws them.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const refuse = (syscall: string, path: unknown) => {
    throw Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(path)}'`), { code: 'EACCES', errno: -13, syscall, path: String(path) });
  };
  const locked = (path: unknown) => /[/\\]read-only[/\\]/.test(String(path));
  const mkdirSync = ((path: string, ...rest: unknown[]) => {
    if (locked(`${path}/`) && !/[/\\]read-only$/.test(path)) refuse('mkdir', path);
    return (fs.mkdirSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.mkdirSync;
  const writeFileSync = ((path: string, ...rest: unknown[]) => {
    if (locked(path)) refuse('open', path);
    return (fs.writeFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.writeFileSync;
  return { ...fs, default: { ...fs, mkdirSync, writeFileSync }, mkdirSync, writeFileSync };
});

const { writeReturns } = await import('../../reports/build.ts');
const { writeDashboards } = await import('../../dashboards/build.ts');
const { runPipeline } = await import('../../pipelines/commands/run.ts');
const { quietEffects } = await import('../../pipelines/effects.ts');
const { buildFixture, FIXTURE_AS_OF } = await import('./helpers/fixture.ts');
type Fixture = Awaited<ReturnType<typeof buildFixture>>;

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 180_000);
afterAll(() => fx?.db.close());

const SAID = /^Cannot write into .*[/\\]read-only: no permission to write there — choose an output folder you can write to \(--out\)/;

describe('outputs into a folder without write permission', () => {
  it('say which folder and what to do, for the dashboards and every return, without a temp file name', async () => {
    const outDir = join(fx.dir, 'read-only');
    const effects = quietEffects(new Date('2026-10-01T00:00:00Z'));
    const dashboards = await writeDashboards(fx.db, { outDir, formats: ['html'] }, effects);
    expect(dashboards).toEqual([{ name: 'dashboards', status: 'error', error: expect.stringMatching(SAID) }]);
    const returns = await writeReturns(fx.db, { outDir }, effects);
    expect(returns.length).toBeGreaterThan(0);
    for (const r of returns) {
      expect(r.status).toBe('error');
      expect(r.error).toMatch(SAID);
      expect(r.error).not.toMatch(/EACCES|\.tmp/);
    }
  }, 60_000);

  it('make `almp run` say how many outputs were not written', async () => {
    const effects = quietEffects(new Date('2026-10-01T00:00:00Z'));
    const run = await runPipeline(fx.db, { asOf: FIXTURE_AS_OF, outDir: join(fx.dir, 'read-only'), suppressionThreshold: 5 }, effects);
    const failed = run.outputs.filter((o) => o.status === 'error').length;
    expect(failed).toBe(run.outputs.length);
    expect(effects.warnings).toContain(`${failed} of ${run.outputs.length} outputs could not be written (FAILED above); the run exits with code 1.`);
  }, 120_000);
});
