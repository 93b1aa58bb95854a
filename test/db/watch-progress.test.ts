/**
 * A long statement tells how far it has got (DuckDB's own estimate), so that a file of
 * millions of rows moves a terminal's bar instead of showing one file name for 20 s; the
 * ingest names the step with it ('teilnahmen.csv · checking 45 %') and ends on the name.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { NO_PROGRESS, quietEffects } from '../../pipelines/effects.ts';
import { followStatements } from '../../pipelines/db/follow-statements.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { KEY, openStore, type TestStore } from '../ingest/helpers.ts';

let store: TestStore | undefined;
afterEach(() => store?.close());

describe('statement progress', () => {
  it('is reported while a statement runs, between 0 and 100, and no longer once stopped', async () => {
    const db = await Db.open(':memory:');
    try {
      await db.run('CREATE TABLE n AS SELECT i FROM range(5000000) AS r(i)');
      const seen: number[] = [];
      const stop = await db.watchProgress((percent) => seen.push(percent), 5);
      // a table scan: DuckDB knows how many rows lie ahead (a range() source it does not always)
      await db.run('CREATE TABLE t AS SELECT hash(i) AS h FROM n ORDER BY h');
      stop();
      const reported = seen.length;
      expect(reported).toBeGreaterThan(0);
      expect(seen.every((p) => p >= 0 && p <= 100)).toBe(true);
      await sleep(50);
      expect(seen).toHaveLength(reported);
    } finally {
      db.close();
    }
  });

  it('follow items on a drawn bar only: the item, then its figure, which never falls back until the next item', async () => {
    const db = await Db.open(':memory:');
    try {
      db.progressEveryMs = 5;
      expect(await followStatements(db, NO_PROGRESS)).toBeUndefined();
      await db.run('CREATE TABLE n AS SELECT i FROM range(3000000) AS r(i)');
      const details: string[] = [];
      const statements = (await followStatements(db, { live: true, tick: (_d, detail) => void (detail && details.push(detail)), stop: () => undefined }))!;
      statements.item('core.a');
      await db.run('CREATE TABLE a AS SELECT hash(i) AS h FROM n ORDER BY h');
      await db.run('CREATE TABLE a2 AS SELECT i FROM n WHERE i % 7 = 0 ORDER BY i DESC');
      statements.item('core.b', 'copying');
      await db.run('CREATE TABLE b AS SELECT hash(i) AS h FROM n ORDER BY h');
      statements.stop();
      const b = details.indexOf('core.b · copying');
      expect(details[0]).toBe('core.a');
      expect(b).toBeGreaterThan(1);
      const figures = (from: number, to: number, label: string) =>
        details.slice(from, to).map((d) => {
          expect(d.startsWith(`${label} `)).toBe(true);
          return Number(/ (\d+) %$/.exec(d)![1]);
        });
      const a = figures(1, b, 'core.a');
      expect(a).toEqual([...a].sort((x, y) => x - y));
      expect(figures(b + 1, details.length, 'core.b · copying').every((p) => p >= 0 && p <= 100)).toBe(true);
    } finally {
      db.close();
    }
  });

  it("names an ingest's steps in the bar's detail, each step's figure never falling back, and ends on the file name", async () => {
    store = await openStore();
    store.db.progressEveryMs = 5;
    const lines = ['provider_id;name'];
    for (let i = 0; i < 150_000; i++) lines.push(`P-${i};"Träger ${i}"`);
    const path = join(store.dir, 'traeger.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const details: string[] = [];
    const effects = { ...quietEffects(), progress: () => ({ live: true, tick: (_delta?: number, detail?: string) => void (detail && details.push(detail)), stop: () => undefined }) };
    const [result] = await ingestPaths(store.db, { paths: [path], key: KEY, kind: 'providers' }, effects);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 150_000 });
    expect(details[0]).toBe('traeger.csv');
    expect(details.at(-1)).toBe('traeger.csv');
    const steps = details.slice(1, -1).map((d) => /^traeger\.csv · (reading|checking|storing)(?: (\d+) %)?$/.exec(d));
    expect(steps.every(Boolean)).toBe(true);
    // each step is named before its figures: reading (in Node), checking, storing
    expect(details.filter((d) => !/ \d+ %$/.test(d))).toEqual(['traeger.csv', 'traeger.csv · reading', 'traeger.csv · checking', 'traeger.csv · storing', 'traeger.csv']);
    expect(steps.some((m) => m![1] === 'checking' && m![2] !== undefined)).toBe(true);
    const order = steps.map((m) => m![1]);
    expect(order.indexOf('storing') === -1 || order.lastIndexOf('checking') < order.indexOf('storing')).toBe(true);
    // within a step the figure only grows
    for (const step of ['reading', 'checking', 'storing']) {
      const figures = steps.filter((m) => m![1] === step && m![2] !== undefined).map((m) => Number(m![2]));
      expect(figures).toEqual([...figures].sort((a, b) => a - b));
    }
  });

  it('names the same steps for a JSON file, read and staged in Node (no figure while reading)', async () => {
    store = await openStore();
    const path = join(store.dir, 'traeger.json');
    writeFileSync(path, JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ provider_id: `P-${i}`, name: `Träger ${i}` }))));
    const details: string[] = [];
    const effects = { ...quietEffects(), progress: () => ({ live: true, tick: (_delta?: number, detail?: string) => void (detail && details.push(detail)), stop: () => undefined }) };
    const [result] = await ingestPaths(store.db, { paths: [path], key: KEY, kind: 'providers' }, effects);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 50 });
    const steps = details.filter((d) => !/ \d+ %$/.test(d));
    expect(steps).toEqual(['traeger.json', 'traeger.json · reading', 'traeger.json · checking', 'traeger.json · storing', 'traeger.json']);
  });
});
