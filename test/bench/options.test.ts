/**
 * `npm run bench` (issue 7: wall time, rows/s and peak RSS per stage, JSON with --json FILE,
 * 10^7 with a flag): its options, and one real run at 1,000 participations that writes JSON.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchSettings, MAX_SIZE, parseOptions, settingsLine, STAGES, type BenchOptions, type Refusal } from '../../pipelines/bench/options.ts';
import { spawnTs } from '../ops/child.ts';

const parsed = (...args: string[]) => parseOptions(args) as BenchOptions;
const refused = (...args: string[]) => parseOptions(args) as Refusal;

describe('bench options', () => {
  it('reads sizes, stages and the JSON file; --ten-million adds 10^7', () => {
    expect(parsed('--sizes', '10000,100000')).toMatchObject({ sizes: [10_000, 100_000], keep: false });
    expect(parsed('--sizes', '10_000, 20000').sizes).toEqual([10_000, 20_000]);
    expect(parsed().sizes).toEqual([10_000, 100_000, 1_000_000]);
    expect([...parsed().stages]).toEqual(STAGES);
    expect(parsed('--sizes', '1000', '--ten-million').sizes).toEqual([1000, MAX_SIZE]);
    expect(parsed('--json', 'b.json', '--stages', 'ingest,models', '--keep')).toMatchObject({ json: 'b.json', stages: new Set(['ingest', 'models']), keep: true });
  });

  it('names the settings that change the figures, and says nothing without them', () => {
    const env = { ALMP_THREADS: '1', DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:-1', ALMP_MEMORY_LIMIT: '', PATH: '/usr/bin' };
    expect(benchSettings(env)).toEqual({ ALMP_THREADS: '1', DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:-1' });
    expect(settingsLine(benchSettings(env))).toBe('settings: ALMP_THREADS=1, DUCKDB_JE_MALLOC_CONF=dirty_decay_ms:-1 (figures compare only with runs of the same settings)\n');
    expect(settingsLine(benchSettings({ PATH: '/usr/bin' }))).toBe('');
  });

  it.each([
    ['0', "'0' is below 1"],
    ['-5', "'-5' is below 1"],
    ['abc', "'abc' is not a whole number"],
    // Accepted before: the generator ran 174 s at 10^9, then ran out of heap.
    ['1e9', "'1e9' is not a whole number"],
    ['1.5', "'1.5' is not a whole number"],
    ['10000,,5', 'an empty entry'],
    ['20000000', "'20000000' is above 10000000"],
  ])('refuses --sizes %s, saying why and what to pass', (sizes, why) => {
    const { text, code } = refused(`--sizes=${sizes}`);
    expect(code).toBe(2);
    expect(text).toContain(why);
    expect(text.split('\n')[0]).toContain('pass whole numbers of participations from 1 to 10000000, e.g. --sizes 10000,100000');
  });

  it('refuses an unknown stage and an unknown option; --help says what the bench does', () => {
    expect(refused('--stages', 'ingest,bogus')).toMatchObject({ code: 2, text: expect.stringContaining("unknown stage 'bogus'") });
    expect(refused('--size', '10')).toMatchObject({ code: 2, text: expect.stringContaining("'--size'") });
    const help = refused('--help');
    expect(help.code).toBe(0);
    expect(help.text).toContain('Wall time, rows/s and peak RSS per stage and size');
    for (const option of ['--sizes', '--stages', '--json FILE', '--keep', '--ten-million']) expect(help.text).toContain(option);
  });
});

describe('npm run bench -- --sizes 1000 --stages generate --json FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the stage and writes { machine, results } with wall time, rows/s and peak RSS (~7 s)', async () => {
    const file = join(dir, 'bench.json');
    // a setting that changes the figures is named (the suite's allocator setting is left out here)
    const child = spawnTs('pipelines/bench/main.ts', ['--sizes', '1000', '--stages', 'generate', '--json', file], { ALMP_MEMORY_LIMIT: '700MB', ALMP_THREADS: '', DUCKDB_JE_MALLOC_CONF: '' });
    expect((await child.exited()).code, child.output()).toBe(0);
    expect(child.output()).toContain('\nsettings: ALMP_MEMORY_LIMIT=700MB (figures compare only with runs of the same settings)\n');
    expect(child.output()).toMatch(/^generate\s+1,000\s+[\d,]+ ms\s+[\d,]+ rows\/s\s+peak RSS\s+\d+ MB$/m);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.machine).toEqual({ cores: expect.any(Number), memGiB: expect.any(Number), node: process.version, settings: { ALMP_MEMORY_LIMIT: '700MB' } });
    expect(json.results).toHaveLength(1);
    const [row] = json.results;
    expect(row).toMatchObject({ stage: 'generate', size: 1000, rows: 1000 });
    expect(row.ms).toBeGreaterThan(0);
    expect(row.rowsPerSec).toBeCloseTo(row.rows / (row.ms / 1000), 3);
    expect(row.peakRssMb).toBeGreaterThan(20);
    // the whole pipeline per size: no stage but generate ran, so its own time is 0
    expect(json.pipelines).toEqual([{ size: 1000, ms: 0, wallMs: expect.any(Number) }]);
    expect(json.pipelines[0].wallMs).toBeGreaterThanOrEqual(row.ms);
    // the targets are for 10^6 and 10^7: none is judged at 1,000
    expect(json.targets).toEqual([]);
    expect(child.output()).toContain('Targets (issues): none at these sizes — they are judged at 10^6 participations');
  });

  it('refuses --sizes 1e9 before generating anything', async () => {
    const child = spawnTs('pipelines/bench/main.ts', ['--sizes', '1e9']);
    expect((await child.exited()).code).toBe(2);
    expect(child.output()).toMatch(/^--sizes '1e9': '1e9' is not a whole number/);
    expect(child.output()).not.toContain('almp-monitor benchmark');
  });
});
