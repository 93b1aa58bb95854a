/**
 * Doctor names a folder the scheduler cannot write: it said 'ok' for a service whose outputs
 * went to ./out of the read-only installation (the default), and every dashboards and returns
 * job failed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { doctor } from '../../pipelines/ops/doctor.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-doctor-folders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('doctor: the folders the scheduler writes', () => {
  it('is an error naming the folder and what goes there, ok when all can be written', async () => {
    const install = join(dir, 'opt', 'almp-monitor');
    const data = join(dir, 'srv', 'data');
    mkdirSync(install, { recursive: true });
    mkdirSync(join(data, 'inbox', 'participations'), { recursive: true });
    const config = loadConfig({ db: join(data, 'almp.duckdb') }, { ALMP_PSEUDONYM_KEY: 'test-key-0123456789abcdef' });
    const settings = loadScheduleSettings(undefined, { dataDir: data, cwd: install });
    // the installation is read-only (root is never refused by access(), so the probe says it)
    const disk = (readOnly: string[]) => ({ freeBytes: () => 100 * 1024 ** 3, canWrite: (folder: string) => !readOnly.includes(folder) });
    const folders = async (readOnly: string[]) => (await doctor(config, { snapshotDir: join(data, 'snapshots'), folders: settings, disk: disk(readOnly) }, quietEffects())).filter((f) => f.check === 'folders');
    expect(await folders([])).toMatchObject([{ severity: 'ok', message: expect.stringContaining(join(install, 'out')) }]);
    const [out] = await folders([install]);
    expect(out).toMatchObject({ severity: 'error', message: `the scheduler cannot write ${join(install, 'out')} (outputs: dashboards and returns; not there yet, and ${install} is not writable)` });
    expect(out!.fix).toContain('"out"');
    // a kind folder of the inbox the upload account made for itself: files cannot be moved out
    const [kind] = await folders([join(data, 'inbox', 'participations')]);
    expect(kind!.message).toBe(`the scheduler cannot write ${join(data, 'inbox', 'participations')} (inbox)`);
  });
});
