/**
 * `almp run | head` (or `| less`, left with q before the run ends): the closed pipe made
 * the CLI exit at once with code 0, built models rolled back, no dashboard, no return, no
 * snapshot, and nothing said so. A command that writes goes on without its terminal.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF } from '../fixtures/hand-checked/fixture.ts';
import { type Built, buildHandChecked } from '../models/helpers.ts';
import { lockPathFor } from '../../pipelines/ops/writer-lock.ts';
import { spawnTs } from './child.ts';

let built: Built;
beforeAll(async () => {
  built = await buildHandChecked({ asOf: AS_OF });
  built.db.close();
}, 120_000);
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));

describe('almp run whose output pipe is closed early', () => {
  it('finishes the run: returns written, exit code as without the pipe', async () => {
    const out = join(built.dir, 'out');
    // the pages alone (--formats html): the closed pipe's effect does not depend on the chart files
    const child = spawnTs('pipelines/cli/main.ts', ['--db', built.db.path, 'run', '--as-of', AS_OF, '--out', out, '--formats', 'html'], { ALMP_PSEUDONYM_KEY: 'test-key-for-closed-pipe' });
    // standard error closed before its first warning (`2>&1 | head -3` shares one pipe): the
    // first data-quality warning killed the build with EPIPE, exit code 1, the lock left behind
    child.process.stderr!.destroy();
    // `head -3`: reads the first lines, then closes its end of the pipe
    await child.waitFor('Models built');
    child.process.stdout!.destroy();
    const { code, signal } = await child.exited();
    expect([code, signal], child.output()).toEqual([0, null]);
    expect(existsSync(join(out, 'returns')), child.output()).toBe(true);
    expect(readdirSync(join(out, 'returns')).filter((f) => f.endsWith('.xlsx')).length).toBeGreaterThan(0);
    // --formats reached the dashboards: pages, no chart folders of SVG and PNG beside them
    const dashboards = readdirSync(join(out, 'dashboards'), { withFileTypes: true });
    expect(dashboards.filter((d) => d.name.endsWith('.html')).length).toBeGreaterThan(0);
    expect(dashboards.filter((d) => d.isDirectory()).map((d) => d.name)).toEqual([]);
    expect(existsSync(lockPathFor(built.db.path))).toBe(false);
  }, 120_000);
});
