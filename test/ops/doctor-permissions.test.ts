/**
 * `almp doctor` run by a user who may not read the database or the key (a colleague's shell,
 * the wrong service user). It said "ERROR database cannot open …: Permission denied → almp
 * restore brings back the last snapshot" (a restore would overwrite a sound database), "ok key
 * key file … (owner-only)" for a root-owned key it could not read, and with --key-file on
 * such a key stopped with no report. Root is never refused, so the opens are made to fail
 * here; the last test repeats it as user nobody where the test runs as root.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hasBinary } from '../helpers/require-app.ts';
import { ROOT } from './child.ts';

const UNREADABLE = /[/\\]unreadable[^/\\]*$/;

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: string, ...rest: unknown[]) => {
    if (UNREADABLE.test(String(path))) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES', syscall: 'open', path: String(path) });
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});
// DuckDB's own words for a file it may not open
vi.mock('@duckdb/node-api', async (importOriginal) => {
  const duckdb = await importOriginal<typeof import('@duckdb/node-api')>();
  const create = (path: string, config?: Record<string, string>) =>
    UNREADABLE.test(path) ? Promise.reject(new Error(`IO Error: Cannot open file "${path}": Permission denied`)) : duckdb.DuckDBInstance.create(path, config);
  return { ...duckdb, DuckDBInstance: { create } };
});

const { loadConfig } = await import('../../pipelines/config.ts');
const { quietEffects } = await import('../../pipelines/effects.ts');
const { doctor } = await import('../../pipelines/ops/doctor.ts');
const { Db } = await import('../../pipelines/db/database.ts');
const { PermissionError } = await import('../../pipelines/errors.ts');

const dir = mkdtempSync(join(tmpdir(), 'almp-doctor-perm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = async (db: string, keyFile: string) => {
  const effects = quietEffects();
  const findings = await doctor(loadConfig({ db, keyFile }, {}), { snapshotDir: join(dir, 'snapshots') }, effects);
  return { by: Object.fromEntries(findings.map((f) => [f.check, f])), text: effects.lines.join('\n') };
};

describe('almp doctor without permission to read', () => {
  it('names a database it may not read as a permission, never advising a restore', async () => {
    const db = join(dir, 'unreadable.duckdb');
    writeFileSync(db, 'a database');
    const { by, text } = await report(db, join(dir, 'almp.key'));
    expect(by['database']).toMatchObject({ severity: 'error', message: `cannot read ${db}: no permission for this user` });
    expect(by['database']!.fix).toContain('let this user read it');
    expect(text).not.toContain('almp restore brings back');
    expect(text).toMatch(/^WARNING snapshot/m); // and the rest of the report follows
  });

  it('reports a key file it may not read as an error and goes on', async () => {
    const key = join(dir, 'unreadable.key');
    writeFileSync(key, `${'k'.repeat(64)}\n`, { mode: 0o600 });
    const { by, text } = await report(join(dir, 'almp.duckdb'), key);
    expect(by['key']).toMatchObject({ severity: 'error', message: `cannot read the key file ${key}: no permission for this user (ingest, export and the scheduler stop without it)` });
    expect(by['key']!.fix).toContain('read access is all it needs');
    expect(text).not.toContain('owner-only');
    expect(text).toMatch(/^ok +lock/m);
  });

  it('gives `almp status` and the other readers a permission error that says read access is enough', async () => {
    const db = join(dir, 'unreadable-too.duckdb');
    writeFileSync(db, 'a database');
    const error = await Db.open(db, { readOnly: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toBe(`Cannot read ${db}: no permission for the user almp runs as (EACCES).`);
    expect((error as InstanceType<typeof PermissionError>).hint).toContain('almp needs no write access to read it');
  });
});

// The machine's own refusal, as the audit met it: root's files, doctor and status run as nobody.
const asNobody = process.getuid?.() === 0 && hasBinary('setpriv');
describe.runIf(asNobody)('as user nobody, on root-owned files', () => {
  it('doctor reports database and key and exits 1; status says what to do', () => {
    const data = mkdtempSync(join(tmpdir(), 'almp-doctor-nobody-'));
    try {
      chmodSync(data, 0o755);
      const db = join(data, 'almp.duckdb');
      const key = join(data, 'almp.key');
      writeFileSync(db, 'root only', { mode: 0o600 });
      writeFileSync(key, `${'k'.repeat(64)}\n`, { mode: 0o600 });
      const almp = (...args: string[]) =>
        spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, join(ROOT, 'bin', 'almp.mjs'), '--db', db, ...args], {
          cwd: data,
          encoding: 'utf8',
          env: { ...process.env, ALMP_PSEUDONYM_KEY: '' },
          timeout: 60_000,
        });
      const doctorRun = almp('--key-file', key, 'doctor');
      expect(doctorRun.status, doctorRun.stderr).toBe(1);
      expect(doctorRun.stdout).toMatch(/^ERROR +key +cannot read the key file/m);
      expect(doctorRun.stdout).toMatch(/^ERROR +database +cannot read/m);
      expect(doctorRun.stdout).not.toContain('almp restore');
      const status = almp('status');
      expect(status.status).toBe(1);
      expect(status.stderr).toContain(`Error: Cannot read ${db}: no permission for the user almp runs as (EACCES).`);
      expect(status.stderr).not.toContain('Unexpected');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);

  it('says a data folder it may not enter is shut, not that key and database do not exist yet', () => {
    const parent = mkdtempSync(join(tmpdir(), 'almp-doctor-shut-'));
    try {
      chmodSync(parent, 0o755);
      const data = join(parent, 'data');
      mkdirSync(data, { mode: 0o700 });
      writeFileSync(join(data, 'almp.duckdb'), 'root only');
      writeFileSync(join(data, 'almp.key'), `${'k'.repeat(64)}\n`, { mode: 0o600 });
      const run = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, join(ROOT, 'bin', 'almp.mjs'), '--db', join(data, 'almp.duckdb'), 'doctor'], {
        cwd: parent,
        encoding: 'utf8',
        env: { ...process.env, ALMP_PSEUDONYM_KEY: '' },
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^ERROR +key +cannot look into ${data}: no permission for this user, so whether almp.key is there cannot be told`, 'm'));
      expect(run.stdout).toMatch(/^ERROR +database +cannot look into .*almp\.duckdb is there cannot be told/m);
      expect(run.stdout).not.toContain('does not exist yet');
      expect(run.stdout).not.toContain('the first ingest creates one');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);
});
