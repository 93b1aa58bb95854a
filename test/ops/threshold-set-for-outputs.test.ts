/**
 * The small cells are decided in the model build: `almp returns` with
 * ALMP_SUPPRESSION_THRESHOLD=10 after a build at 5 wrote the 5's tables — counts of 5–9 in a
 * return whose funder asked for 10 — and exited 0 (a new user's audit). Another threshold set
 * for an output is refused, naming the build's and what to run; the build's own, or none,
 * writes as before.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF } from '../fixtures/hand-checked/fixture.ts';
import { type Built, buildHandChecked } from '../models/helpers.ts';
import { spawnTs } from './child.ts';

let built: Built;
let dbPath: string;
beforeAll(async () => {
  built = await buildHandChecked({ asOf: AS_OF, suppressionThreshold: 5 });
  dbPath = built.db.path;
  // closed here for the CLI processes: built.close() would close it a second time
  built.db.close();
}, 120_000);
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));

async function almp(threshold: string | undefined, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ALMP_PSEUDONYM_KEY: 'test-key-for-threshold-outputs' };
  if (threshold !== undefined) env['ALMP_SUPPRESSION_THRESHOLD'] = threshold;
  else delete process.env['ALMP_SUPPRESSION_THRESHOLD'];
  const child = spawnTs('pipelines/cli/main.ts', ['--db', dbPath, ...args], env);
  const { code } = await child.exited();
  return { code, output: child.output() };
}

describe('a suppression threshold set for the outputs alone', () => {
  it('refuses returns and dashboards with another threshold than the build, writing nothing', async () => {
    const out = join(built.dir, 'out-10');
    const returns = await almp('10', 'returns', '--out', out);
    expect(returns.code, returns.output).toBe(1);
    expect(returns.output).toContain('ALMP_SUPPRESSION_THRESHOLD is 10, but the last build hid counts of 1 to 4 (threshold 5)');
    expect(returns.output).toContain('run almp run with ALMP_SUPPRESSION_THRESHOLD=10');
    const dashboards = await almp('10', 'dashboards', '--formats', 'html', '--out', out);
    expect(dashboards.code, dashboards.output).toBe(1);
    expect(dashboards.output).toContain('the dashboards are written as built');
    expect(existsSync(join(out, 'returns'))).toBe(false);
    expect(existsSync(join(out, 'dashboards'))).toBe(false);
  }, 120_000);

  it("writes with the build's threshold, set or not", async () => {
    const same = await almp('5', 'returns', '--out', join(built.dir, 'out-5'));
    expect(same.code, same.output).toBe(0);
    expect(existsSync(join(built.dir, 'out-5', 'returns'))).toBe(true);
    const unset = await almp(undefined, 'returns', '--out', join(built.dir, 'out-unset'));
    expect(unset.code, unset.output).toBe(0);
  }, 120_000);
});
