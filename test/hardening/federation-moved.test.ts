/**
 * A Jobcenter database moved to another path exports as a new instance (instance.ts). The
 * old instance's records stayed current at the state for good: a person erased after the
 * move still counted there (an audit: the 2024 dropout rate of the Jobcenter 31/113 instead
 * of 30/112). The state's operator, warned at the ingest, says which instance the new one
 * replaces (`almp ingest <export> --replaces <id>`), and the old instance's records the new
 * export does not hold stop counting — also when that export was loaded before.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { exportData } from '../../pipelines/federation/export.ts';
import { importExport } from '../../pipelines/federation/import.ts';
import { MANIFEST_FILE } from '../../pipelines/federation/manifest.ts';
import { KEY, keepOnlyJobcenter, openStore, sampleStore, tempDir } from './helpers.ts';

const instanceOf = (dir: string) => (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { instance: string }).instance;
const CURRENT = 'SELECT participant_id, measure_id, referral_date FROM raw.participations WHERE _current ORDER BY ALL';

describe('federation: a Jobcenter database moved to another path', () => {
  const tmp = tempDir('almp-federation-moved-');
  let state: Db;
  let before: string;
  let after: string;
  let erased: string;

  beforeAll(async () => {
    const jobcenter = await sampleStore(join(tmp.dir, 'jc.duckdb'));
    before = join(tmp.dir, 'export-before');
    await exportData(jobcenter, { format: 'parquet', outDir: before, key: KEY }, quietEffects());
    await jobcenter.checkpoint();
    jobcenter.close();
    // the server migration: the same file at another path, then one person erased there
    mkdirSync(join(tmp.dir, 'moved'));
    copyFileSync(join(tmp.dir, 'jc.duckdb'), join(tmp.dir, 'moved', 'jc.duckdb'));
    const moved = await openStore(join(tmp.dir, 'moved', 'jc.duckdb'));
    erased = (await moved.json<{ p: string }>('SELECT min(participant_id) AS p FROM raw.participations WHERE _current'))[0]!.p;
    for (const kind of ['participations', 'final_reports', 'attendance', 'outcomes']) await moved.run(`DELETE FROM raw.${kind} WHERE participant_id = $p`, { p: erased });
    after = join(tmp.dir, 'export-after');
    await exportData(moved, { format: 'parquet', outDir: after, key: KEY }, quietEffects());
    moved.close();
    state = await openStore(join(tmp.dir, 'state.duckdb'));
    expect((await importExport(state, { dir: before, key: KEY }, quietEffects())).filter((r) => r.status === 'error')).toEqual([]);
  });
  afterAll(() => {
    state?.close();
    tmp.cleanup();
  });

  it('is a new instance whose export alone leaves the erased person counting, and the warning names the way out', async () => {
    expect(instanceOf(after)).not.toBe(instanceOf(before));
    const said = quietEffects();
    expect((await importExport(state, { dir: after, key: KEY }, said)).filter((r) => r.status === 'error')).toEqual([]);
    expect(await state.scalar('SELECT count(*) FROM raw.participations WHERE _current AND participant_id = $p', { p: erased })).toBe(1);
    expect(said.warnings.join('\n')).toMatch(/ingest this export again with --replaces <the other instance's id>/);
    expect(said.warnings.join('\n')).toContain(`[instance ${instanceOf(before).slice(0, 8)}]`);
  });

  it("refuses an id that names no instance loaded here, or the export's own", async () => {
    await expect(importExport(state, { dir: after, key: KEY, replaces: 'ffffffff' }, quietEffects())).rejects.toThrow(/--replaces ffffffff names no instance loaded here/);
    await expect(importExport(state, { dir: after, key: KEY, replaces: instanceOf(after).slice(0, 8) }, quietEffects())).rejects.toThrow(/is the instance of this export itself/);
  });

  it('refuses, before changing anything, an instance holding a Jobcenter the export lacks, or one that exported after the export was written', async () => {
    const other = await openStore(join(tmp.dir, 'state-other.duckdb'));
    try {
      await importExport(other, { dir: before, key: KEY }, quietEffects());
      const instances = 'SELECT instance_id, count(*) AS n FROM meta.export_files GROUP BY ALL ORDER BY ALL';
      const loaded = await other.json(instances);
      // an export of one of the two Jobcenters: replacing the instance of both retired the other's records
      mkdirSync(join(tmp.dir, 'one'));
      copyFileSync(join(tmp.dir, 'moved', 'jc.duckdb'), join(tmp.dir, 'one', 'jc.duckdb'));
      const one = await openStore(join(tmp.dir, 'one', 'jc.duckdb'));
      const [kept, lost] = (await one.json<{ id: string }>('SELECT DISTINCT jobcenter_id AS id FROM raw.participations ORDER BY 1')).map((r) => r.id);
      await keepOnlyJobcenter(one, kept!);
      const oneExport = join(tmp.dir, 'export-one');
      await exportData(one, { format: 'parquet', outDir: oneExport, key: KEY }, quietEffects());
      one.close();
      await expect(importExport(other, { dir: oneExport, key: KEY, replaces: instanceOf(before) }, quietEffects())).rejects.toThrow(new RegExp(`holds participations of Jobcenter ${lost}, which this export has none of`));
      expect(await other.json(instances)).toEqual(loaded);
      // the old database exported again after the moved one's export was written: not the one it was moved from then
      const original = await openStore(join(tmp.dir, 'jc.duckdb'));
      const later = join(tmp.dir, 'export-later');
      await exportData(original, { format: 'parquet', outDir: later, key: KEY }, quietEffects(new Date('2026-03-01T00:00:00Z')));
      original.close();
      await importExport(other, { dir: later, key: KEY }, quietEffects());
      const withLater = await other.json(instances);
      await expect(importExport(other, { dir: after, key: KEY, replaces: instanceOf(before) }, quietEffects())).rejects.toThrow(/exported after this export was written/);
      expect(await other.json(instances)).toEqual(withLater);
    } finally {
      other.close();
    }
  });

  it('with --replaces the old instance, the records the moved database no longer holds stop counting, as after a later export of one instance', async () => {
    const said = quietEffects();
    await importExport(state, { dir: after, key: KEY, replaces: instanceOf(before).slice(0, 8) }, said);
    expect(said.lines.join('\n')).toContain(`Instance ${instanceOf(before).slice(0, 8)} replaced by ${instanceOf(after).slice(0, 8)}`);
    expect(await state.scalar('SELECT count(*) FROM raw.participations WHERE _current AND participant_id = $p', { p: erased })).toBe(0);
    // the state holds what the moved database holds, no more
    const moved = await openStore(join(tmp.dir, 'moved', 'jc.duckdb'));
    try {
      expect(await state.json(CURRENT)).toEqual(await moved.json(CURRENT));
      for (const kind of ['final_reports', 'attendance', 'outcomes']) {
        const count = `SELECT count(*) FROM raw.${kind} WHERE _current`;
        expect(await state.scalar(count), kind).toBe(await moved.scalar(count));
      }
    } finally {
      moved.close();
    }
  });
});
