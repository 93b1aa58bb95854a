/** Settings from the environment: an empty variable is an unset one, a wrong one is refused. */
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_DB, loadConfig } from '../../pipelines/config.ts';
import { readLimits } from '../../pipelines/ingest/limits.ts';

it('takes an empty ALMP_DB or ALMP_KEY_FILE (a unit file with `ALMP_DB=`) as unset, not as the current folder', () => {
  const config = loadConfig({}, { ALMP_DB: '', ALMP_KEY_FILE: '' });
  expect(config.dbPath).toBe(resolve(DEFAULT_DB));
  expect(config.keyFile).toBe(resolve('data/almp.key'));
  expect(loadConfig({}, { ALMP_DB: '/srv/almp/almp.duckdb' }).dbPath).toBe('/srv/almp/almp.duckdb');
});

it('refuses an ingest limit that is no number of its unit, as it refuses ALMP_THREADS=abc, naming each variable and an example', () => {
  // ALMP_MAX_FILE_MB=x, 0 or 8GB fell back to 4096 without a word
  for (const value of ['x', '0', '8GB', '-1']) {
    expect(() => loadConfig({}, { ALMP_MAX_FILE_MB: value })).toThrow(
      `Configuration error: ALMP_MAX_FILE_MB must be a number of MB above 0, written without the unit, such as 4096 (not '${value}').`,
    );
  }
  expect(() => loadConfig({}, { ALMP_MAX_CELL_KB: '64KB', ALMP_MAX_COLUMNS: '1.5' })).toThrow(
    "ALMP_MAX_COLUMNS must be a whole number of 1 or more, such as 500 (not '1.5'); ALMP_MAX_CELL_KB must be a number of KB above 0, written without the unit, such as 64 (not '64KB')",
  );
  // a size may be a fraction; an empty variable is unset
  expect(() => loadConfig({}, { ALMP_MAX_XLSX_MB: '0.5', ALMP_MAX_FILE_MB: '', ALMP_MAX_JSON_DEPTH: '10' })).not.toThrow();
  expect(readLimits({ ALMP_MAX_XLSX_MB: '0.5' }).limits.maxXlsxUncompressedBytes).toBe(0.5 * 2 ** 20);
  expect(readLimits({}).limits.maxFileBytes).toBe(4096 * 2 ** 20);
});
