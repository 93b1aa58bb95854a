/**
 * `almp rotate-key` on the bundled samples, archived as the scheduler archives them: the new
 * database holds the same records and figures under other pseudonyms, none of the old ones,
 * and a person erased with almp forget stays erased although the archive still holds them.
 * Refusals: the old key, a database that holds something, a running scheduler; a file gone
 * from the archive fails the comparison naming it.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../pipelines/config.ts';
import { withReadOnlyDb } from '../../pipelines/commands/open-db.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { hashFile } from '../../pipelines/ingest/ledger.ts';
import { pseudonymise } from '../../pipelines/ingest/pseudonym.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { forgetPersons } from '../../pipelines/ops/forget.ts';
import { rotateKey, type RotateOptions } from '../../pipelines/ops/rotate-key.ts';
import { planRotation, type OldFile } from '../../pipelines/ops/rotate-plan.ts';
import { printPlan } from '../../pipelines/ops/rotate-print.ts';
import { tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { scheduleCommand } from '../../pipelines/schedule/schedule-command.ts';
import { AS_OF, indicatorLines, openStore, SAMPLES, tempDir } from '../hardening/helpers.ts';

const OLD_KEY = 'rotate-test-old-key-0123456789abcdef';
const person = readFileSync(join(SAMPLES, 'participations', 'teilnahmen_06411.csv'), 'latin1').split('\n')[1]!.split(';')[0]!;
const PERSON_KINDS = ['participations', 'final_reports', 'attendance', 'outcomes'];

let temp: ReturnType<typeof tempDir>;
let config: Config;
let archive: string;
const build: RotateOptions['build'] = async (db, asOf) => !(await buildModels(db, { asOf }, quietEffects())).models.some((m) => m.status === 'error');
const options = (name: string, more: Partial<RotateOptions> = {}): RotateOptions => ({
  newDb: join(temp.dir, name, 'almp.duckdb'),
  newKeyFile: join(temp.dir, 'secret', `${name}.key`),
  yes: true,
  archive,
  snapshots: join(temp.dir, 'data', 'snapshots'),
  waitMs: 1000,
  build,
  ...more,
});
const pids = async (path: string) => {
  const all = new Set<string>();
  await withReadOnlyDb(path, async (db) => {
    for (const kind of PERSON_KINDS) for (const r of await db.json<{ p: string }>(`SELECT DISTINCT participant_id AS p FROM raw.${kind}`)) all.add(r.p);
  });
  return all;
};

beforeAll(async () => {
  temp = tempDir('almp-rotate-');
  archive = join(temp.dir, 'data', 'archive');
  cpSync(SAMPLES, join(archive, '2026-01-05'), { recursive: true });
  writeFileSync(join(temp.dir, 'data', 'almp.key'), `${OLD_KEY}\n`, { mode: 0o600 });
  config = loadConfig({ db: join(temp.dir, 'data', 'almp.duckdb'), keyFile: join(temp.dir, 'data', 'almp.key') }, {});
  const db = await openStore(config.dbPath);
  await ingestPaths(db, { paths: [archive], key: Buffer.from(OLD_KEY) }, quietEffects());
  // erased after the load, as almp forget does; the build below is the one forget runs
  const noop = async () => undefined;
  await forgetPersons(db, { ids: [person], key: Buffer.from(OLD_KEY), dryRun: false, keptFiles: [], rebuild: async () => true, replaceSnapshots: noop }, quietEffects());
  await buildModels(db, { asOf: AS_OF }, quietEffects());
  await db.run("INSERT INTO meta.return_versions VALUES ('state-annual 2025', 1, 'h', DATE '2026-01-31', NULL, NULL, 'jahresmeldung-2025.xlsx', TIMESTAMP '2026-02-02 09:00:00', NULL)");
  db.close();
}, 120_000);
afterAll(() => temp?.cleanup());

describe('almp rotate-key', () => {
  it('without --yes shows the plan and creates nothing', async () => {
    const effects = quietEffects();
    expect(await rotateKey(config, options('dry', { yes: false }), effects)).toBe(0);
    expect(effects.lines.join('\n')).toMatch(/15 files to load .* in the order the old database loaded them/);
    expect(effects.lines).toContain('Nothing changed: add --yes to rotate.');
    expect(existsSync(options('dry').newDb) || existsSync(options('dry').newKeyFile)).toBe(false);
  });

  it('refuses the old key, a database that holds something, a running rotation and a running scheduler', async () => {
    const reuse = options('reuse', { newKeyFile: config.keyFile });
    await expect(rotateKey(config, reuse, quietEffects())).rejects.toThrow(/holds the key the old database was made with/);
    mkdirSync(join(temp.dir, 'full'));
    writeFileSync(options('full').newDb, 'a database');
    await expect(rotateKey(config, options('full'), quietEffects())).rejects.toThrow(/exists and is not empty/);
    // a second rotation, and the service started meanwhile, see the rotation for what it is
    const [rotation, itsScheduler] = [tryAcquire(`${config.dbPath}.rotate.lock`), tryAcquire(`${config.dbPath}.scheduler.lock`)];
    try {
      await expect(rotateKey(config, options('busy'), quietEffects())).rejects.toThrow(/^Another almp rotate-key runs on .* \(almp process pid \d+/);
      const service = scheduleCommand(config, { signal: new AbortController().signal, cwd: temp.dir, consoleLog: false }, quietEffects());
      await expect(service).rejects.toThrow(/^almp rotate-key runs on .*: the scheduler does not start on a database being rotated/);
    } finally {
      for (const lock of [rotation, itsScheduler]) if ('release' in lock) lock.release();
    }
    const scheduler = tryAcquire(`${config.dbPath}.scheduler.lock`);
    try {
      await expect(rotateKey(config, options('busy'), quietEffects())).rejects.toThrow(/The scheduler runs on/);
      // the plan may be looked at while it runs
      const dry = quietEffects();
      expect(await rotateKey(config, options('busy', { yes: false }), dry)).toBe(0);
      expect(dry.warnings.join('\n')).toContain('stop it before rotating with --yes');
    } finally {
      if ('release' in scheduler) scheduler.release();
    }
    expect(existsSync(options('reuse').newDb) || existsSync(options('busy').newKeyFile)).toBe(false);
  });

  it('refuses the database in service by a link, a folder, and a key file that is no key or open to others', async () => {
    mkdirSync(join(temp.dir, 'link'));
    symlinkSync(config.dbPath, options('link').newDb);
    const live = rotateKey(config, options('link'), quietEffects());
    await expect(live).rejects.toThrow(/is the database in use \(--db \/ ALMP_DB, by a link or another path/);
    await expect(rotateKey(config, options('link', { newDb: join(temp.dir, 'link') }), quietEffects())).rejects.toThrow(/is a folder: give the file/);
    // in the dry run already, not after the archive is hashed and the new key made
    await expect(rotateKey(config, options('under-file', { newDb: join(config.keyFile, 'new', 'almp.duckdb'), yes: false }), quietEffects())).rejects.toThrow(/cannot be created: .*almp\.key is a file, not a folder/);
    mkdirSync(join(temp.dir, 'secret', 'a-folder'), { recursive: true });
    await expect(rotateKey(config, options('keydir', { newKeyFile: join(temp.dir, 'secret', 'a-folder') }), quietEffects())).rejects.toThrow(/is a folder, not a key file/);
    // the options swapped, or a snapshot named
    await expect(rotateKey(config, options('keydb', { newKeyFile: config.dbPath, yes: false }), quietEffects())).rejects.toThrow(/almp\.duckdb is not a key file: \d+ bytes \(a database, a snapshot\?\)/);
    writeFileSync(options('keyempty').newKeyFile, '');
    // refused in the dry run already, not after the archive is hashed with --yes as 'Restore the original key file'
    await expect(rotateKey(config, options('keyempty', { yes: false }), quietEffects())).rejects.toThrow(/exists but holds no key \(0 characters/);
    // a key the operator made with umask 022
    writeFileSync(options('keyopen').newKeyFile, `${'k'.repeat(40)}\n`, { mode: 0o644 });
    const open = quietEffects();
    expect(await rotateKey(config, options('keyopen', { yes: false }), open)).toBe(0);
    expect(open.warnings.join('\n')).toContain(`is readable by others (mode 644): chmod 600 ${options('keyopen').newKeyFile}`);
  });

  it('removes what it built when it fails, and refuses what a killed rotation left', async () => {
    const o = options('full-disk', { build: async () => Promise.reject(new Error('Could not write file: No space left on device')) });
    const failed = rotateKey(config, o, quietEffects());
    await expect(failed).rejects.toThrow(/The rotation stopped: .*No space left on device\. The old database .* was not changed/);
    await expect(failed).rejects.toHaveProperty('hint', expect.stringMatching(/^Free disk space/));
    expect(readdirSync(join(temp.dir, 'full-disk'))).toEqual([]);
    // as a SIGKILL leaves it: loaded, the erased persons not yet left out
    writeFileSync(`${o.newDb}.partial`, 'half a database');
    await expect(rotateKey(config, o, quietEffects())).rejects.toThrow(/almp\.duckdb\.partial is left from a rotation .* that stopped before it finished .* may hold persons erased/);
  });

  it('builds the same records and figures under new pseudonyms, without the erased person', async () => {
    const effects = quietEffects();
    const o = options('new');
    expect(await rotateKey(config, o, effects)).toBe(0);
    const said = [...effects.lines, ...effects.warnings].join('\n');
    expect(statSync(o.newKeyFile).mode & 0o777).toBe(0o600);
    const newKey = Buffer.from(readFileSync(o.newKeyFile, 'utf8').trim());
    expect(await withReadOnlyDb(o.newDb, indicatorLines)).toEqual(await withReadOnlyDb(config.dbPath, indicatorLines));
    expect(said).toContain('Indicators (mart.indicator_values, same as-of): all equal.');
    const [before, after] = [await pids(config.dbPath), await pids(o.newDb)];
    expect(after.size).toBe(before.size);
    expect([...after].filter((p) => before.has(p))).toEqual([]);
    // the archive still holds the erased person: left out, and not in the file's bytes either
    for (const p of [pseudonymise(person, newKey), pseudonymise(person, Buffer.from(OLD_KEY))]) {
      expect(after.has(p)).toBe(false);
      expect(readFileSync(o.newDb).includes(p)).toBe(false);
    }
    expect(said).toMatch(/Left out \d+ records of persons no longer in the old database/);
    expect(said).toContain(join(archive, '2026-01-05', 'participations', 'teilnahmen_06411.csv'));
    expect(said).toContain(`ALMP_DB=${o.newDb} ALMP_KEY_FILE=${o.newKeyFile}`);
    expect(said).toContain('Switch now, with the scheduler still stopped: a file the old database loads, or a person erased in it with almp forget, after this rotation does not reach the new one.');
    // the returns already sent: a return written again counts on from them
    expect(await withReadOnlyDb(o.newDb, (db) => db.json('SELECT return_key, version FROM meta.return_versions'))).toEqual([{ return_key: 'state-annual 2025', version: 1 }]);
    for (const secret of [OLD_KEY, newKey.toString(), person]) expect(said).not.toContain(secret);
  });

  it('keeps an erased person out when the old database numbered the rows of a file otherwise, and the times files were loaded', async () => {
    // as an older almp that counted the header differently: its row n is this version's row n + 1
    const older = join(temp.dir, 'older', 'almp.duckdb');
    mkdirSync(join(temp.dir, 'older'));
    cpSync(config.dbPath, older);
    const db = await openStore(older);
    await db.run("UPDATE raw.participations SET _row = _row - 1 WHERE _file_id = (SELECT file_id FROM meta.files WHERE name = 'teilnahmen_06411.csv')");
    // delivered on other days than the rotation's
    await db.run("UPDATE meta.files SET loaded_at = TIMESTAMP '2026-01-05 07:00:00' + INTERVAL (file_id) HOUR");
    db.close();
    const o = options('older-rows', { build: async () => false });
    const effects = quietEffects();
    expect(await rotateKey({ ...config, dbPath: older }, o, effects)).toBe(1);
    const newKey = Buffer.from(readFileSync(o.newKeyFile, 'utf8').trim());
    expect((await pids(o.newDb)).has(pseudonymise(person, newKey))).toBe(false);
    expect(effects.warnings.join('\n')).toMatch(/teilnahmen_06411\.csv \(participations\): 169 records do not line up/);
    // each file as loaded when it arrived, not at the rotation: the returns' cover lists them so (mart.data_sources)
    const ledger = (d: Db) => d.json('SELECT name, CAST(loaded_at AS VARCHAR) AS at FROM meta.files ORDER BY file_id');
    expect(await withReadOnlyDb(o.newDb, ledger)).toEqual(await withReadOnlyDb(older, ledger));
  });

  it('fails the comparison naming a file gone from the archive', async () => {
    renameSync(join(archive, '2026-01-05', 'measures'), join(temp.dir, 'measures-purged'));
    try {
      const effects = quietEffects();
      // the models are not what this looks at: no build
      expect(await rotateKey(config, options('missing', { build: async () => false }), effects)).toBe(1);
      const said = [...effects.lines, ...effects.warnings].join('\n');
      expect(said).toMatch(/measures +22 \/ 22 {2}→ {2}0 \/ 0 +DIFFERENT/);
      expect(said).toContain('measures: 22 records of massnahmen_einkauf.csv are missing: the file is not in the archive.');
      expect(said).toContain('Keep the old one in service');
      expect(said).toContain('a person erased in it with almp forget do not reach the new database: if either happened, delete the new database and rotate again');
    } finally {
      renameSync(join(temp.dir, 'measures-purged'), join(archive, '2026-01-05', 'measures'));
    }
  });
});

describe('the order of loading', () => {
  it('follows the old database, not the archive names: a same-day correction archived as name.2.csv loads last', async () => {
    const dir = join(temp.dir, 'order', '2026-02-01', 'participations');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 't.csv'), 'first delivery');
    writeFileSync(join(dir, 't.2.csv'), 'the correction, archived later under the same name');
    const hash = (name: string) => hashFile(join(dir, name));
    const ledger: OldFile[] = [
      { fileId: 1, kind: 'participations', name: 't.csv', contentHash: await hash('t.csv'), loadedAt: '2026-02-01 08:00:00', records: 3 },
      { fileId: 2, kind: 'participations', name: 't.csv', contentHash: await hash('t.2.csv'), loadedAt: '2026-02-01 09:00:00', records: 3 },
      { fileId: 3, kind: 'providers', name: 'p.csv', contentHash: 'gone', loadedAt: '2026-01-01 08:00:00', records: 9 },
    ];
    const plan = await planRotation(join(temp.dir, 'order'), ledger);
    expect(plan.load.map((f) => f.path)).toEqual([join(dir, 't.csv'), join(dir, 't.2.csv')]);
    expect(plan.missing.map((f) => f.fileId)).toEqual([3]);
  });
});

describe('an archived file changed since it was loaded', () => {
  it('is named as changed, with the delivery of its day, not as both missing and never loaded', async () => {
    const archived = join(temp.dir, 'changed');
    for (const day of ['2026-03-02', '2026-04-01']) {
      mkdirSync(join(archived, day, 'participations'), { recursive: true });
      writeFileSync(join(archived, day, 'participations', 'teilnahmen.csv'), `the ${day} delivery, redacted by hand`);
    }
    const delivered = (fileId: number, day: string): OldFile => ({ fileId, kind: 'participations', name: 'teilnahmen.csv', contentHash: `as delivered ${day}`, loadedAt: `${day} 07:00:00`, records: 100 + fileId });
    const plan = await planRotation(archived, [delivered(1, '2026-03-02'), delivered(2, '2026-04-01'), delivered(3, '2026-05-04')]);
    expect(plan.changed.map((c) => [c.path.slice(archived.length), c.old.fileId])).toEqual([
      ['/2026-03-02/participations/teilnahmen.csv', 1],
      ['/2026-04-01/participations/teilnahmen.csv', 2],
    ]);
    expect(plan.unknown).toEqual([]);
    const effects = quietEffects();
    printPlan(plan, { archive: archived, newDb: 'new.duckdb' }, effects);
    const said = effects.warnings.join('\n');
    expect(said).toContain('Not in the archive: 1 file whose 103 records the old database holds');
    expect(said).toContain(`Changed since it was loaded: ${join(archived, '2026-04-01', 'participations', 'teilnahmen.csv')} (participations) is not the content the old database loaded on 01.04.2026`);
    expect(effects.lines.join('\n')).not.toContain('never loaded');
  });
});
