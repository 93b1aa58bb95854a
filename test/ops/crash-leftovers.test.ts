/**
 * What a writer killed before it ended (kill -9, power loss) leaves beside the database holds
 * raw Kundennummern: DuckDB's spill files in `<db>.tmp/` and an ingest's re-encoded copy of a
 * Windows-1252 or UTF-16 file (which went to $TMPDIR/almp-ingest-XXXX/, where nothing ever
 * looked). The next writer removes them when it starts, a live process's copy excepted, and
 * `almp doctor` names them and counts them in its disk line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestCommand } from '../../pipelines/commands/ingest.ts';
import { doctor, type Finding } from '../../pipelines/ops/doctor.ts';
import { lockPathFor } from '../../pipelines/ops/writer-lock.ts';
import { transcodeToUtf8 } from '../../pipelines/ingest/transcode.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-leftovers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = loadConfig({ db: join(dir, 'almp.duckdb') }, {});
const spill = `${config.dbPath}.tmp`;
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
const deadCopy = `${config.dbPath}.ingest-${deadPid}-AbC123`;
const liveCopy = `${config.dbPath}.ingest-${process.pid}-XyZ789`;
const deadImport = `${config.dbPath}.import-${deadPid}-Imp456`;
// a rewrite of the database (Db.compact) cut short: a copy of every record (a review)
const compactCopy = `${config.dbPath}.compact.tmp`;
const RAW = 'Kundennummer;Monat\n962D400001;2024-02\n';

/** Windows-1252 providers: the ingest re-encodes it. */
function providersFile(name: string, provider: string): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(`Träger-Nr;Name\n${provider};Bildungsträger Süd GmbH\n`, 'latin1'));
  return path;
}

function leaveLeftovers(): void {
  mkdirSync(spill, { recursive: true });
  writeFileSync(join(spill, 'duckdb_temp_storage_DEFAULT-0.tmp'), Buffer.alloc(3 * 2 ** 20, RAW));
  writeFileSync(join(spill, 'duckdb_temp_block-4611686018427388032.block'), RAW);
  writeFileSync(join(spill, 'notiz.txt'), 'not DuckDB\'s: left alone');
  writeFileSync(compactCopy, Buffer.alloc(2 ** 20, RAW));
  for (const copy of [deadCopy, liveCopy, deadImport]) {
    mkdirSync(copy, { recursive: true, mode: 0o700 });
    writeFileSync(join(copy, 'utf8.csv'), Buffer.alloc(2 ** 20, RAW));
  }
}

async function check(): Promise<Record<string, Finding>> {
  const findings = await doctor(config, { snapshotDir: join(dir, 'snapshots') }, quietEffects());
  return Object.fromEntries(findings.map((f) => [f.check, f]));
}

describe('leftovers of a killed writer', () => {
  it('an ingest re-encodes a file into a folder of its own beside the database, named with its pid, and removes it', async () => {
    const copy = await transcodeToUtf8(providersFile('traeger.csv', '0001'), 'windows-1252', config.dbPath);
    expect(dirname(dirname(copy.path))).toBe(dir);
    expect(basename(dirname(copy.path))).toMatch(new RegExp(`^almp\\.duckdb\\.ingest-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(statSync(dirname(copy.path)).mode & 0o777).toBe(0o700);
    copy.dispose();
    expect(existsSync(dirname(copy.path))).toBe(false);

    const [result] = await ingestCommand(config, { paths: [join(dir, 'traeger.csv')], kind: 'providers' }, quietEffects());
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect(readdirSync(dir).filter((name) => name.includes('.ingest-'))).toEqual([]);
  });

  it('doctor names them with their size and counts them in its disk line; a live process\'s copy is not named', async () => {
    leaveLeftovers();
    const by = await check();
    expect(by['leftovers']).toMatchObject({
      severity: 'warning',
      message: `a run that did not end (kill -9, power loss, Ctrl-C in a build) left files beside the database that may hold raw Kundennummern (an ingest spills rows before they are pseudonymised): ${spill} (DuckDB's spill files, 3,0 MB); ${compactCopy} (a rewrite of the database cut short, 1,0 MB); ${deadImport} (an import's copy of an export's raw files, 1,0 MB); ${deadCopy} (a re-encoded copy of an input file, 1,0 MB)`,
    });
    expect(by['disk']!.message).toMatch(/\(database [\d,]+ MB, and 6,0 MB left by a killed run, freed when the next run starts; a run needs about/);
  });

  it('while a live writer holds the lock, the spill files are its own: not named', async () => {
    writeFileSync(lockPathFor(config.dbPath), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    try {
      expect((await check())['leftovers']!.message).not.toContain(spill);
    } finally {
      rmSync(lockPathFor(config.dbPath));
    }
  });

  it('the next ingest removes them when it starts and says so; a live process\'s copy stays', async () => {
    const effects = quietEffects();
    const [result] = await ingestCommand(config, { paths: [providersFile('traeger2.csv', '0002')], kind: 'providers' }, effects);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect(effects.warnings.join('\n')).toContain(`Removed what a run killed before it ended left beside the database, with raw Kundennummern: ${spill} (DuckDB's spill files, 3,0 MB); ${compactCopy} (a rewrite of the database cut short, 1,0 MB); ${deadImport} (an import's copy of an export's raw files, 1,0 MB); ${deadCopy}`);
    expect(existsSync(deadCopy)).toBe(false);
    expect(existsSync(deadImport)).toBe(false);
    expect(existsSync(compactCopy)).toBe(false);
    expect(readdirSync(spill)).toEqual(['notiz.txt']);
    expect(existsSync(join(liveCopy, 'utf8.csv'))).toBe(true);
    const by = await check();
    expect(by['leftovers']).toBeUndefined();
    expect(by['disk']!.message).not.toContain('left by a killed run');
  });

  it("a rewrite's .wal left alone (the release before removed only the copy) is named and removed too", async () => {
    writeFileSync(`${compactCopy}.wal`, Buffer.alloc(2 ** 20, RAW));
    expect((await check())['leftovers']!.message).toContain(`${compactCopy} (a rewrite of the database cut short, 1,0 MB)`);
    const [result] = await ingestCommand(config, { paths: [providersFile('traeger3.csv', '0003')], kind: 'providers' }, quietEffects());
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect(existsSync(`${compactCopy}.wal`)).toBe(false);
  });
});
