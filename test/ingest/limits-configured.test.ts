/**
 * Issue 7: limits (file size, row width, cell length, nesting, XLSX size) are configurable
 * and reported when hit. Configured through the environment of `almp ingest` itself — the
 * limits are read once when the ingest loads — each file that hits one is refused, or its row
 * rejected, with the limit and its variable named, and the other rows still load.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { overLimitMb } from '../../pipelines/ingest/limits.ts';
import { SEED_CSV } from '../hardening/fuzz-inputs.ts';
import { sampleReports } from '../hardening/helpers.ts';
import { spawnTs } from '../ops/child.ts';

describe('ingest limits set in the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses or rejects at the configured limits and names each one', async () => {
    const [header, first, second] = SEED_CSV.split('\n') as [string, string, string];
    const inbox = join(dir, 'inbox');
    mkdirSync(join(inbox, 'participations'), { recursive: true });
    mkdirSync(join(inbox, 'final_reports'));
    // 1.5 MB of repeated rows (the seed's keys: duplicates, but the size is refused first)
    writeFileSync(join(inbox, 'participations', 'big.csv'), `${header}\n${`${first}\n`.repeat(Math.ceil(1.5 * 2 ** 20 / first.length))}`);
    writeFileSync(join(inbox, 'participations', 'long-row.csv'), `${header}\n${first}${'x'.repeat(3000)}\n${second}\n`);
    writeFileSync(join(inbox, 'participations', 'deep.json'), `${'['.repeat(10)}${']'.repeat(10)}`);
    copyFileSync(sampleReports('xlsx'), join(inbox, 'final_reports', 'reports.xlsx'));
    const child = spawnTs('pipelines/cli/main.ts', ['--db', join(dir, 'almp.duckdb'), 'ingest', inbox], {
      ALMP_PSEUDONYM_KEY: 'limits-test-key-0123456789abcdef',
      ALMP_MAX_FILE_MB: '1',
      ALMP_MAX_ROW_KB: '2',
      ALMP_MAX_JSON_DEPTH: '5',
      ALMP_MAX_XLSX_MB: '0.01',
    });
    expect((await child.exited()).code).toBe(0);
    const out = child.output();
    expect(out).toContain('big.csv refused: file is 2 MB, over the limit of 1 MB (raise ALMP_MAX_FILE_MB if it is genuine)');
    expect(out).toContain('long-row.csv (participations): 2 rows read, 1 row loaded, 1 rejected');
    expect(out).toContain('rejected row 2: record longer than the limit of 2 KB (raise ALMP_MAX_ROW_KB if it is genuine)');
    expect(out).toContain('deep.json refused: JSON nested deeper than 5 levels (raise ALMP_MAX_JSON_DEPTH if it is genuine)');
    // the limit as configured, the size with the decimals that show it above (not '0 MB, over the limit of 0 MB')
    expect(out).toMatch(
      /reports\.xlsx refused: the workbook unpacks to 0,[1-9]\d* MB, over the limit of 0,01 MB \(raise ALMP_MAX_XLSX_MB if it is genuine\)\. Or ask the sender for the data as CSV, which is read without unpacking\./,
    );
  });

  it('refuses a limit that is no number of its unit with exit code 2 instead of taking the default', async () => {
    const child = spawnTs('pipelines/cli/main.ts', ['--db', join(dir, 'other.duckdb'), 'ingest', join(dir, 'inbox')], { ALMP_PSEUDONYM_KEY: 'limits-test-key-0123456789abcdef', ALMP_MAX_FILE_MB: '8GB' });
    expect((await child.exited()).code).toBe(2);
    expect(child.output()).toContain("Error: Configuration error: ALMP_MAX_FILE_MB must be a number of MB above 0, written without the unit, such as 4096 (not '8GB').");
  });

  it('shows a size just over its limit above it, not equal to it', () => {
    expect(overLimitMb(4096.2 * 2 ** 20, 4096 * 2 ** 20)).toBe('4.096,2 MB, over the limit of 4.096 MB');
    expect(overLimitMb(1.5 * 2 ** 20, 2 ** 20)).toBe('2 MB, over the limit of 1 MB');
  });
});
