/**
 * No raw participant id reaches the database file, its WAL, the rejects, the summary or the
 * log — also not from rejected rows or cut-off records.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { FIXTURES, KEY, openStore } from './helpers.ts';

/** Every raw id written in the fixtures (962D + six digits), as written there. */
function rawIdsInFixtures(): string[] {
  const ids = new Set<string>();
  for (const name of readdirSync(FIXTURES)) {
    for (const match of readFileSync(join(FIXTURES, name), 'latin1').matchAll(/962D\d{6}/gi)) ids.add(match[0].toUpperCase());
  }
  return [...ids].sort();
}

function bytesContain(path: string, text: string): boolean {
  if (!existsSync(path)) return false;
  const bytes = readFileSync(path);
  return [text, text.toUpperCase(), text.toLowerCase()].some((variant) => bytes.includes(Buffer.from(variant)));
}

describe('no raw participant ids', () => {
  it('after ingesting every fixture (rejected rows included) no raw id is in the DB file, the WAL, rejects, output or log', async () => {
    const ids = rawIdsInFixtures();
    expect(ids.length).toBe(18); // distinct ids in the fixtures (counted by hand)
    const store = await openStore();
    try {
      const truncatedQuote = join(store.dir, 'abschlussberichte_cut.csv');
      // A cut-off file whose last record breaks off inside a quoted value.
      writeFileSync(truncatedQuote, 'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Begründung\nT-1;M-1;962D900001;01.07.2024;"kurz"\nT-1;M-1;962D900002;01.07.2024;"Teilnehmer hat');
      ids.push('962D900001', '962D900002');
      // A file without a header row and a broken JSON file: their error messages must not quote the data.
      const headerless = join(store.dir, 'teilnahmen_ohne_kopf.csv');
      writeFileSync(headerless, '962D900003;06411;M-1;01.02.2024\n962D900004;06411;M-1;02.02.2024\n');
      const brokenJson = join(store.dir, 'abschlussberichte_kaputt.json');
      writeFileSync(brokenJson, '[{"participant_id": "962D900005", "provider_id": T-1}]');
      ids.push('962D900003', '962D900004', '962D900005');
      store.db.close();

      const logLines: string[] = [];
      const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
      const effects = { ...quietEffects(), log: pino({ level: 'debug' }, sink) };
      const db = await Db.open(store.dbPath);
      store.db = db;
      await bootstrap(db);
      const files = readdirSync(FIXTURES).map((name) => join(FIXTURES, name));
      const kinds = { massnahmen_cp1252: 'measures' } as const;
      const results = [];
      for (const file of [...files, truncatedQuote, headerless, brokenJson]) {
        const stem = file.split('/').pop()!.replace(/\..*$/, '');
        const kind = stem in kinds ? kinds[stem as keyof typeof kinds] : undefined;
        results.push(...(await ingestPaths(db, { paths: [file], key: KEY, kind }, effects)));
      }
      expect(results.filter((r) => r.status === 'success').length).toBeGreaterThanOrEqual(9);
      expect(await db.scalar('SELECT count(*) FROM meta.rejects')).toBeGreaterThanOrEqual(12);

      // Every text in every table, row by row, as the database holds it.
      const tables = await db.all<{ schema: string; name: string }>(
        "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE'",
      );
      for (const { schema, name } of tables) {
        const hits = await db.scalar(`SELECT count(*) FROM "${schema}"."${name}" AS t WHERE upper(CAST(t AS VARCHAR)) LIKE '%962D%'`);
        expect(`${schema}.${name}: ${hits}`).toBe(`${schema}.${name}: 0`);
      }
      const said = [...effects.lines, ...results.flatMap((r) => [...r.firstReasons, r.error ?? ''])].join('\n');
      for (const id of ids) expect(said.toUpperCase()).not.toContain(id);
      for (const id of ids) expect(logLines.join('').toUpperCase()).not.toContain(id);

      // The WAL before the checkpoint holds the committed rows as written (positive control: a title).
      const wal = `${store.dbPath}.wal`;
      expect(bytesContain(wal, 'Bewerbungstraining') || bytesContain(store.dbPath, 'Bewerbungstraining')).toBe(true);
      for (const id of ids) expect(bytesContain(wal, id)).toBe(false);
      await db.checkpoint();
      db.close();
      store.db = await Db.open(store.dbPath);
      for (const id of ids) {
        expect(bytesContain(store.dbPath, id)).toBe(false);
        expect(bytesContain(wal, id)).toBe(false);
      }
    } finally {
      store.close();
    }
  });
});
