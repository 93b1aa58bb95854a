/**
 * Versions before 947aa2f wrote an ingest's UTF-8 copy of a Windows-1252 or UTF-16 file into
 * $TMPDIR/almp-ingest-XXXXXX/utf8.csv, with no pid in the name; a killed ingest left it there,
 * raw Kundennummern and all, and nothing looked there since. `almp doctor` names such folders
 * with their size; the next writer removes those untouched for a day. Other folders of a
 * similar name (the bench's, the tests', one holding other files) are left alone.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestCommand } from '../../pipelines/commands/ingest.ts';
import { doctor, type Finding } from '../../pipelines/ops/doctor.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-old-copies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// the machine's temporary folder as this test's own: nothing of the real one is looked at
const temp = join(dir, 'tmp');
mkdirSync(temp);
const config = loadConfig({ db: join(dir, 'almp.duckdb'), tempDir: temp }, {});
const NOW = new Date('2026-03-02T12:00:00Z');
const HOUR = 3_600_000;
const RAW = 'Kundennummer;Monat\n962D400001;2024-02\n';

/** A folder as the old ingest left it (or like it), last touched `hoursAgo` before NOW. */
function folder(name: string, hoursAgo: number, files: Record<string, number> = { 'utf8.csv': 2 ** 20 }): string {
  const path = join(temp, name);
  mkdirSync(path, { mode: 0o700 });
  const when = new Date(NOW.getTime() - hoursAgo * HOUR);
  for (const [file, bytes] of Object.entries(files)) {
    writeFileSync(join(path, file), Buffer.alloc(bytes, RAW));
    utimesSync(join(path, file), when, when);
  }
  utimesSync(path, when, when);
  return path;
}

const old = folder('almp-ingest-AbC123', 72);
const young = folder('almp-ingest-XyZ789', 6);
const bench = folder('almp-ingest-bench-1000-Qwe123', 72);
const tests = folder('almp-ingest-test-Rty456', 72);
const notOnlyCopy = folder('almp-ingest-Uio789', 72, { 'utf8.csv': 10, 'notiz.txt': 10 });

describe('copies an earlier version left in the temporary folder', () => {
  it('doctor names them with their size and age, saying how to remove them; folders of other shapes are not named', async () => {
    const findings = await doctor(config, { snapshotDir: join(dir, 'snapshots') }, quietEffects(NOW));
    const by: Record<string, Finding> = Object.fromEntries(findings.map((f) => [f.check, f]));
    expect(by['old-copies']).toEqual({
      check: 'old-copies',
      severity: 'warning',
      message: `an ingest of an earlier almp version, killed before it ended, left re-encoded copies of input files with raw Kundennummern in the temporary folder: ${old} (1,0 MB, untouched for 3 days); ${young} (1,0 MB, untouched for 6 hours)`,
      fix: `the next almp command that writes the database removes those untouched for a day (a younger one may still be in use by an ingest of an earlier version); or delete them now, while no ingest of an earlier version runs: rm -r '${old}' '${young}'`,
    });
  });

  it('the next writer removes those untouched for a day and says so; a younger one, the bench\'s, the tests\' and one holding other files stay', async () => {
    const effects = quietEffects(NOW);
    const providers = join(dir, 'traeger.csv');
    writeFileSync(providers, 'Träger-Nr;Name\n0001;Bildungsträger Süd GmbH\n');
    const [result] = await ingestCommand(config, { paths: [providers], kind: 'providers' }, effects);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect(effects.warnings).toContain(`Removed what an ingest of an earlier almp version, killed before it ended, left in the temporary folder, with raw Kundennummern: ${old} (1,0 MB).`);
    expect(existsSync(old)).toBe(false);
    expect([young, bench, tests, notOnlyCopy].filter((path) => existsSync(join(path, 'utf8.csv')))).toEqual([young, bench, tests, notOnlyCopy]);
  });

  it('without a temporary folder in the configuration (a test, a library caller) none is looked into', async () => {
    const findings = await doctor(loadConfig({ db: config.dbPath }, {}), { snapshotDir: join(dir, 'snapshots') }, quietEffects(NOW));
    expect(findings.map((f) => f.check)).not.toContain('old-copies');
  });
});
