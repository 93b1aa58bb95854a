/**
 * Mistakes in `--config`: a folder was "not valid JSON: EISDIR: illegal operation on a
 * directory, read" with 'Fix the file', and a misspelt key (keepSnapshot) was named as unknown
 * without the key meant.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closestName } from '../../pipelines/closest-name.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-schedule-mistakes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const places = { dataDir: dir, cwd: dir };

describe('the schedule file', () => {
  it('given as a folder is said to be one', () => {
    const ops = join(dir, 'ops');
    mkdirSync(ops);
    expect(() => loadScheduleSettings(ops, places)).toThrow(`The schedule file ${ops} is a folder.`);
  });

  it('with a misspelt key suggests the key meant, at any level', () => {
    const file = join(dir, 'schedule.json');
    writeFileSync(file, JSON.stringify({ keepSnapshot: 3, jobs: { modles: {}, ingest: { cronn: '0 * * * * *', enabeld: false } } }));
    let message = '';
    try {
      loadScheduleSettings(file, places);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('(file): Unrecognized key: "keepSnapshot" (did you mean keepSnapshots?)');
    expect(message).toContain('jobs: Unrecognized key: "modles" (did you mean models?)');
    expect(message).toContain('jobs.ingest: Unrecognized keys: "cronn", "enabeld" (did you mean cron for cronn, enabled for enabeld?)');
  });

  it('suggests nothing for a name far from every key', () => {
    expect(closestName('zzz', ['keepSnapshots', 'inbox'])).toBeUndefined();
    expect(closestName('Inbx', ['keepSnapshots', 'inbox'])).toBe('inbox');
  });
});
