/**
 * `almp run --as-of 2027-06-30` on data that end 30.11.2026: the warning that people without
 * an exit count as active up to that day came first, above 60 lines of models, checks and
 * outputs, and the run ended with "Outputs are in … (as of 2027-06-30)" only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/commands/run.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildFixture, type Fixture } from '../reports/helpers/fixture.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 180_000);
afterAll(() => fx?.db.close());

// the pages alone: the note's place after the outputs does not depend on the SVG and PNG files
describe('almp run with an as-of after the data', () => {
  it('repeats the warning after the outputs, where the run ends', async () => {
    const effects = quietEffects(new Date('2026-12-03T12:00:00Z'));
    await runPipeline(fx.db, { asOf: '2027-06-30', outDir: join(fx.dir, 'out'), suppressionThreshold: 5, dashboardFormats: ['html'] }, effects);
    expect(effects.lines.at(-1)).toMatch(/^Outputs are in .* \(as of 30\.06\.2027\)\.$/);
    expect(effects.warnings.at(-1)).toMatch(/^Note: --as-of 30\.06\.2027 is after the latest date in the data \(\d\d\.\d\d\.20\d\d\): participations without an exit count as active/);
    const within = quietEffects(new Date('2026-12-03T12:00:00Z'));
    await runPipeline(fx.db, { outDir: join(fx.dir, 'out'), suppressionThreshold: 5, dashboardFormats: ['html'] }, within);
    expect(within.warnings.some((w) => w.includes('after the latest date'))).toBe(false);
  }, 120_000);
});

describe('almp run before the build', () => {
  it('refuses an --out it cannot write and an as-of before the data, and builds nothing', async () => {
    const runs = async () => fx.db.scalar('SELECT count(*) FROM meta.model_runs');
    const before = await runs();
    const file = join(fx.dir, 'notes.txt');
    writeFileSync(file, 'x');
    const effects = quietEffects(new Date('2026-12-03T12:00:00Z'));
    await expect(runPipeline(fx.db, { outDir: join(file, 'out'), suppressionThreshold: 5 }, effects)).rejects.toThrow(
      `Cannot write the outputs to ${join(file, 'out')}: ${file} is a file, not a folder. Nothing was built.`,
    );
    await expect(runPipeline(fx.db, { asOf: '1990-01-01', outDir: join(fx.dir, 'out'), suppressionThreshold: 5 }, effects)).rejects.toThrow(/^--as-of 01\.01\.1990 is before the first referral in the data/);
    expect(await runs()).toBe(before);
  });
});
