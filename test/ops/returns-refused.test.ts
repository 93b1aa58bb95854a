/**
 * A returns request that names what is not there (a mistyped Jobcenter, a period after the
 * data or before they begin) is refused with exit code 2 and is not a run of the returns
 * jobs: it was recorded as a failed run of both, and `almp status` then said "needs
 * attention" and exited 1 until the next successful run, although every due return had been
 * written. A period before the data was written as returns of zeros, marked final.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { AS_OF } from '../fixtures/hand-checked/fixture.ts';
import { type Built, buildHandChecked } from '../models/helpers.ts';
import { spawnTs } from './child.ts';

let built: Built;
let dbPath: string;
beforeAll(async () => {
  built = await buildHandChecked({ asOf: AS_OF });
  dbPath = built.db.path;
  // closed here for the CLI processes: built.close() would close it a second time
  built.db.close();
}, 120_000);
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));

async function almp(...args: string[]) {
  const child = spawnTs('pipelines/cli/main.ts', ['--db', dbPath, ...args], { ALMP_PSEUDONYM_KEY: 'test-key-for-refused-requests' });
  const { code } = await child.exited();
  return { code, output: child.output() };
}

async function returnsRuns(): Promise<number> {
  const db = await Db.open(dbPath);
  try {
    const table = await db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'job_runs'");
    return table ? await db.scalar("SELECT count(*) FROM meta.job_runs WHERE job IN ('quarterly_return', 'annual_return')") : 0;
  } finally {
    db.close();
  }
}

describe('almp returns with a request that names what is not there', () => {
  it('refuses an unknown Jobcenter and a period after the data with exit code 2, records no run, writes nothing', async () => {
    const out = join(built.dir, 'out');
    const unknown = await almp('returns', '--jobcenter', '99999', '--out', out);
    expect(unknown.code, unknown.output).toBe(2);
    expect(unknown.output).toMatch(/Jobcenter 99999 has no measures in the data \(known: .+\)/);
    expect(unknown.output).toContain('Check the Jobcenter number');
    const later = await almp('returns', '--period', '2031', '--out', out);
    expect(later.code, later.output).toBe(2);
    expect(later.output).toContain("begins after the data's as-of date");
    // before the data begin a return would be zeros for a time the data do not cover
    const earlier = await almp('returns', '--period', '2015-Q2', '--out', out);
    expect(earlier.code, earlier.output).toBe(2);
    expect(earlier.output).toMatch(/The period 2015-Q2 ends before the participation data begin \(20\d\d-\d\d-01\)/);
    expect(earlier.output).toMatch(/Choose a period from 20\d\d on/);
    // --as-of is run's: it was "unknown option '--as-of'"
    const asOf = await almp('returns', '--as-of', '31.12.2024', '--out', out);
    expect(asOf.code, asOf.output).toBe(2);
    expect(asOf.output).toContain('almp returns writes the figures of the last build, as of its date: --as-of is an option of almp run.');
    expect(asOf.output).toContain('Run almp run --as-of 31.12.2024');
    expect(existsSync(join(out, 'returns'))).toBe(false);
    expect(await returnsRuns()).toBe(0);
  }, 120_000);

  it('refuses an --out that is a file in returns and dashboards, as run does, with exit code 2', async () => {
    // it ended as Node's 'ENOTDIR: not a directory, mkdir …/afile/dashboards' with exit 1
    const file = join(built.dir, 'afile');
    writeFileSync(file, 'x');
    for (const verb of ['returns', 'dashboards']) {
      const refused = await almp(verb, '--out', file);
      expect(refused.code, refused.output).toBe(2);
      expect(refused.output).toContain(`Cannot write the outputs to ${file}: it is a file, not a folder. Nothing was written.`);
      expect(refused.output).not.toContain('ENOTDIR');
    }
  }, 120_000);

  it('refuses a mistyped Jobcenter or a period after the data in almp run before the models are rebuilt', async () => {
    const out = join(built.dir, 'out-run');
    // the fixture's Jobcenters are J1 and J2; ids are compared as written
    const typo = await almp('run', '--jobcenter', 'j1', '--out', out);
    expect(typo.code, typo.output).toBe(2);
    expect(typo.output).toMatch(/Jobcenter j1 has no measures in the data \(known: J1, J2\)/);
    expect(typo.output).not.toContain('Models built');
    const later = await almp('run', '--period', '2031', '--out', out);
    expect(later.code, later.output).toBe(2);
    expect(later.output).toContain("The period 2031 begins after the data's as-of date");
    expect(later.output).not.toContain('Models built');
    expect(existsSync(join(out, 'dashboards'))).toBe(false);
  }, 120_000);
});
