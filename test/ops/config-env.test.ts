/** Settings from the environment: an empty variable is an unset one. */
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_DB, loadConfig } from '../../pipelines/config.ts';

it('takes an empty ALMP_DB or ALMP_KEY_FILE (a unit file with `ALMP_DB=`) as unset, not as the current folder', () => {
  const config = loadConfig({}, { ALMP_DB: '', ALMP_KEY_FILE: '' });
  expect(config.dbPath).toBe(resolve(DEFAULT_DB));
  expect(config.keyFile).toBe(resolve('data/almp.key'));
  expect(loadConfig({}, { ALMP_DB: '/srv/almp/almp.duckdb' }).dbPath).toBe('/srv/almp/almp.duckdb');
});
