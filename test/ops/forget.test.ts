/**
 * `almp forget`: one person's records leave every raw table (all versions), the core tables
 * and marts after the rebuild, and every snapshot — also from their bytes; a kept input file
 * that still holds the raw id is named. Without --yes nothing changes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReadOnlyDb } from '../../pipelines/commands/open-db.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { forgetPersons, printForget, type ForgetOptions } from '../../pipelines/ops/forget.ts';
import { publishSnapshot } from '../../pipelines/ops/snapshot.ts';
import { SAMPLES } from '../hardening/helpers.ts';
import { KEY, openStore, pid, type TestStore } from '../ingest/helpers.ts';

let store: TestStore;
const person = readFileSync(join(SAMPLES, 'participations', 'teilnahmen_06411.csv'), 'latin1').split('\n')[1]!.split(';')[0]!;
const counts = async (db: TestStore['db']) => ({
  participations: await db.scalar('SELECT count(*) FROM raw.participations WHERE participant_id = $p', { p: pid(person) }),
  core: await db.scalar('SELECT count(*) FROM core.participations WHERE participant_id = $p', { p: pid(person) }),
});

beforeAll(async () => {
  store = await openStore();
  await store.ingest([SAMPLES]);
  await buildModels(store.db, { asOf: '2026-09-30' }, quietEffects());
  await publishSnapshot(store.db, { dir: join(store.dir, 'snapshots'), keep: 5 }, quietEffects());
  await publishSnapshot(store.db, { dir: join(store.dir, 'snapshots'), keep: 5 }, quietEffects());
  mkdirSync(join(store.dir, 'archive'));
  writeFileSync(join(store.dir, 'archive', 'teilnahmen_alt.csv'), `Kundennummer;x\n${person.toLowerCase()};1\n`);
  writeFileSync(`${store.dbPath}.before-restore`, 'the file almp restore replaced'); // a whole database, every person in it
}, 120_000);
afterAll(() => store?.close());

const options = (dryRun: boolean): ForgetOptions => ({
  ids: [person],
  key: KEY,
  dryRun,
  keptFiles: [join(store.dir, 'archive')],
  rebuild: async (db) => !(await buildModels(db, { asOf: '2026-09-30' }, quietEffects())).models.some((m) => m.status === 'error'),
  replaceSnapshots: async (db) => void (await publishSnapshot(db, { dir: join(store.dir, 'snapshots'), keep: 1 }, quietEffects())),
});

describe('almp forget', () => {
  it('finds the id in a kept file read a piece at a time, also across two pieces (a file was read whole: over 512 MiB it crashed)', async () => {
    const big = join(store.dir, 'archive-big');
    mkdirSync(big, { recursive: true });
    // 8 MiB pieces: the id begins three bytes before the end of the first
    writeFileSync(join(big, 'fehlzeiten_gross.csv'), Buffer.concat([Buffer.alloc(8 * 2 ** 20 - 3, 'x'), Buffer.from(`${person};1\n`)]));
    writeFileSync(join(big, 'ohne.csv'), Buffer.alloc(9 * 2 ** 20, 'y'));
    const result = await forgetPersons(store.db, { ...options(true), keptFiles: [big] }, quietEffects());
    expect(result.stillIn).toEqual([join(big, 'fehlzeiten_gross.csv')]);
  });

  it('without --yes counts and changes nothing', async () => {
    const before = await counts(store.db);
    expect(before.participations).toBeGreaterThan(0);
    const result = await forgetPersons(store.db, options(true), quietEffects());
    expect(result.removed['participations']).toBe(before.participations);
    expect(await counts(store.db)).toEqual(before);
  });

  it('names a mistyped id among several by its position instead of counting it as a person', async () => {
    const result = await forgetPersons(store.db, { ...options(true), ids: [person, 'XXXXXXX', person.toLowerCase()] }, quietEffects());
    expect(result.persons).toBe(1); // the lower-case spelling is the same person (ingest upper-cases ids)
    expect(result.notFound).toEqual([2]);
    const printed = quietEffects();
    printForget(result, 3, true, printed);
    expect(printed.lines.join('\n')).toMatch(/^Would erase \d+ records of 1 person \(participations/);
    expect(printed.warnings.join('\n')).toContain('Kundennummer 2 of 3 has no records in the database (mistyped, or never loaded)');
    expect(printed.warnings.join('\n')).not.toContain('XXXXXXX');
  });

  it('erases every version in raw, core and marts, leaves one snapshot without the person, and names the kept file', async () => {
    const referralsBefore = await store.db.scalar("SELECT numerator FROM mart.indicator_values WHERE indicator = 'referrals' AND period = '2026' AND jobcenter_id = '*' AND provider_id = '*' AND instrument = '*' AND measure_id = '*' AND breakdown = '*'");
    const referrals = await store.db.scalar('SELECT count(*) FROM core.participations WHERE participant_id = $p AND year(referral_date) = 2026', { p: pid(person) });
    expect(referrals).toBeGreaterThan(0);
    const result = await forgetPersons(store.db, options(false), quietEffects());
    expect(result.removed['participations']).toBeGreaterThan(0);
    expect(await counts(store.db)).toEqual({ participations: 0, core: 0 });
    for (const kind of ['final_reports', 'attendance', 'outcomes']) expect(await store.db.scalar(`SELECT count(*) FROM raw.${kind} WHERE participant_id = $p`, { p: pid(person) }), kind).toBe(0);
    const referralsAfter = await store.db.scalar("SELECT numerator FROM mart.indicator_values WHERE indicator = 'referrals' AND period = '2026' AND jobcenter_id = '*' AND provider_id = '*' AND instrument = '*' AND measure_id = '*' AND breakdown = '*'");
    expect(referralsAfter).toBe(referralsBefore - referrals);
    const snapshots = readdirSync(join(store.dir, 'snapshots')).filter((f) => f.endsWith('.duckdb'));
    expect(snapshots).toHaveLength(1);
    expect(await withReadOnlyDb(join(store.dir, 'snapshots', snapshots[0]!), (db) => counts(db))).toEqual({ participations: 0, core: 0 });
    // DuckDB leaves deleted rows in the file, and the snapshot copies the file's bytes
    await store.db.checkpoint();
    for (const file of [store.dbPath, join(store.dir, 'snapshots', snapshots[0]!)]) expect(readFileSync(file).includes(pid(person)), file).toBe(false);
    expect(result.stillIn).toEqual([join(store.dir, 'archive', 'teilnahmen_alt.csv')]);
    // a state instance fed by this one's exports counts the person until it gets the next export
    const printed = quietEffects();
    printForget(result, 1, false, printed);
    expect(printed.warnings.join('\n')).toContain('export again (almp export) for every state instance that ingests your exports');
    expect(printed.warnings.join('\n')).toContain(`Not searched, may still hold the person: the database copy almp restore set aside (delete it once the restore is confirmed): ${store.dbPath}.before-restore`);
    expect(printed.warnings.join('\n')).toContain('export folders, on this machine too');
    expect(printed.lines.join('\n')).toMatch(/^Erased \d+ records of 1 person \(participations \d+/);
  });
});
