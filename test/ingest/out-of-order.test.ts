/**
 * Files that arrive out of order. "Later" means ingested later (contracts.md), so an older
 * delivery loaded after a newer one is in force; the ingest must say so, because the
 * newer file cannot simply be loaded again ("loading the same file twice changes
 * nothing"): before, the older file read "1 earlier versions replaced (1 changed)", and
 * the newer one then "already loaded, nothing changed" while its correction no longer
 * counted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

const HEADER = 'provider_id;measure_id;participant_id;report_date;entry_date;exit_date;outcome';

describe('an older final-report delivery after a newer one', () => {
  let store: TestStore;
  const write = (name: string, rows: string[]) => {
    const path = join(store.dir, name);
    writeFileSync(path, `${[HEADER, ...rows].join('\n')}\n`);
    return path;
  };
  let newer = '';

  beforeAll(async () => {
    store = await openStore();
    newer = write('berichte_korrektur.csv', ['P1;M1;A10;2025-05-10;2024-10-01;2024-12-20;dropout', 'P1;M1;A11;2025-05-10;2024-10-01;2024-12-20;completed']);
    await store.ingest([newer], { kind: 'final_reports' });
    const older = write('berichte_januar.csv', ['P1;M1;A10;2025-01-05;2024-10-01;2024-12-20;completed']);
    await store.ingest([older], { kind: 'final_reports' });
  });
  afterAll(() => store?.close());

  it('says that the file replaced a version with a later report date', () => {
    const line = store.lines.findIndex((l) => l.startsWith('berichte_januar.csv'));
    expect(store.lines[line]).toContain('1 earlier versions replaced (1 changed, 0 identical)');
    expect(store.lines[line + 1]).toBe(
      '  1 of them had a later report_date than this file brings: an older delivery loaded after a newer one is now in force (the last file loaded wins)',
    );
  });

  it('says, when the newer file is loaded again, that its replaced records stay replaced and what to do', async () => {
    const [result] = await store.ingest([newer], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'skipped', alreadyLoaded: true });
    expect(store.lines.slice(-2)).toEqual([
      'berichte_korrektur.csv (final_reports): already loaded, nothing changed',
      '  1 of its records have since been replaced by a later file: to put them back in force, deliver them in a new file',
    ]);
  });

  it('names the earlier file when the same content comes under another name', async () => {
    const copy = join(store.dir, 'berichte_kopie.csv');
    writeFileSync(copy, `${[HEADER, 'P1;M1;A10;2025-05-10;2024-10-01;2024-12-20;dropout', 'P1;M1;A11;2025-05-10;2024-10-01;2024-12-20;completed'].join('\n')}\n`);
    await store.ingest([copy], { kind: 'final_reports' });
    expect(store.lines.at(-2)).toBe('berichte_kopie.csv (final_reports): already loaded as berichte_korrektur.csv, nothing changed');
  });
});
