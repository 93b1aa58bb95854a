/**
 * At the state, a data-quality finding names the Jobcenter's input file and row, as the
 * Jobcenter's own `almp check` does: the export carries each record's source (source.ts) —
 * the file by its number in the instance, load time and SHA-256 prefix, never its name.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { exportData } from '../../pipelines/federation/export.ts';
import { importExport } from '../../pipelines/federation/import.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { forgetPersons } from '../../pipelines/ops/forget.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { runChecks, withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { AS_OF, KEY, keepOnlyJobcenter, openStore, resignExport, sampleStore, tempDir } from './helpers.ts';

/** The file and row columns a check may name a record by (CONTRIBUTING.md: a data-quality check). */
const FILE_ROW = [
  ['participation_file', 'participation_row'],
  ['report_file', 'report_row'],
  ['file', 'row'],
  ['in_file', 'in_file_row'],
] as const;

const SOURCE = /^file (\d+) of instance ([0-9a-f]{8}) \(loaded (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC, SHA-256 ([0-9a-f]{12})\)$/;

async function findings(db: Db, check: string): Promise<Record<string, unknown>[]> {
  const said = quietEffects();
  await runChecks(db, { asOf: AS_OF, show: check, format: 'json' }, said);
  return JSON.parse(said.lines.join('\n')) as Record<string, unknown>[];
}

/** Every check's failing rows, as `almp check --show <check>` lists them (one preparation of the checks' models for all). */
async function allFindings(db: Db): Promise<Map<string, Record<string, unknown>[]>> {
  const project = discoverProject();
  return withCheckInputs(db, project, AS_OF, async () => {
    const found = new Map<string, Record<string, unknown>[]>();
    for (const c of project.checks) found.set(c.name, await db.json<Record<string, unknown>>(`SELECT * FROM (${c.sql}) ORDER BY ALL`));
    return found;
  });
}

/** A Jobcenter's file named in a personal way, with a record whose entry precedes its referral (dates_ordered) in row 3. */
const BAD_FILE = 'Teilnahmen Max Mustermann Nachtrag.csv';
function badFile(dir: string, jobcenter: string, measure: string): string {
  const folder = join(dir, 'nachtrag', 'participations');
  mkdirSync(folder, { recursive: true });
  const header = 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;geplanter Beginn;Eintritt;geplantes Ende;Austritt;Austrittsgrund;Geburtsjahr;Geschlecht;Staatsangehörigkeit;Bildung;LZA;LZB;alleinerziehend;Schwerbehinderung;arbeitslos bei Eintritt';
  const good = `111A222333;${jobcenter};${measure};01.02.2026;;02.03.2026;;;;1990;f;DE;2;nein;nein;nein;nein;ja`;
  const bad = `444B555666;${jobcenter};${measure};10.03.2026;;01.03.2026;;;;1988;m;DE;3;nein;nein;nein;nein;ja`;
  writeFileSync(join(folder, BAD_FILE), `${header}\n${good}\n${bad}\n`);
  return join(folder, BAD_FILE);
}

describe('federation: findings at the state name the Jobcenter’s file and row', () => {
  const tmp = tempDir('almp-federation-source-');
  /** Per instance id's first 8 characters: the Jobcenter instance's database. */
  const instances = new Map<string, Db>();
  const exportDirs: string[] = [];
  let state: Db;

  beforeAll(async () => {
    const union = await sampleStore(join(tmp.dir, 'union.duckdb'));
    const jobcenters = (await union.json<{ id: string }>('SELECT DISTINCT jobcenter_id AS id FROM raw.participations ORDER BY 1')).map((r) => r.id);
    union.close();
    for (const jc of jobcenters) {
      const path = join(tmp.dir, `jc-${jc}.duckdb`);
      cpSync(join(tmp.dir, 'union.duckdb'), path);
      const own = await openStore(path);
      await keepOnlyJobcenter(own, jc);
      if (jc === jobcenters[0]) {
        const measure = (await own.json<{ id: string }>('SELECT min(measure_id) AS id FROM raw.measures'))[0]!.id;
        const loaded = await ingestPaths(own, { paths: [badFile(tmp.dir, jc, measure)], key: KEY }, quietEffects());
        expect(loaded.map((r) => r.status)).toEqual(['success']);
      }
      await buildModels(own, { asOf: AS_OF }, quietEffects());
      const dir = join(tmp.dir, `export-${jc}`);
      await exportData(own, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
      exportDirs.push(dir);
      instances.set((await own.json<{ id: string }>('SELECT instance_id AS id FROM meta.instance'))[0]!.id.slice(0, 8), own);
    }
    state = await openStore(join(tmp.dir, 'state.duckdb'));
    for (const dir of exportDirs) await importExport(state, { dir, key: KEY }, quietEffects());
    await buildModels(state, { asOf: AS_OF }, quietEffects());
  }, 180_000);
  afterAll(() => {
    for (const db of instances.values()) db.close();
    state?.close();
    tmp.cleanup();
  });

  it("names the bad row of the Jobcenter's file by the file's number, load time and SHA-256 there, and its row: the export carries no file name", async () => {
    const [first] = instances.values();
    const own = (await findings(first!, 'dates_ordered')).filter((r) => String(r['participation_file']).endsWith(BAD_FILE));
    expect(own.map((r) => r['participation_row'])).toEqual([3]);
    const file = (await first!.json<{ id: number; at: string; hash: string }>(
      `SELECT file_id::INTEGER AS id, strftime(loaded_at, '%Y-%m-%d %H:%M') AS at, left(content_hash, 12) AS hash FROM meta.files WHERE name LIKE '%' || $name`,
      { name: BAD_FILE },
    ))[0]!;
    const atState = (await findings(state, 'dates_ordered')).filter((r) => r['participant_id'] === own[0]!['participant_id']);
    expect(atState).toHaveLength(1);
    const [, number, instance, at, hash] = SOURCE.exec(String(atState[0]!['participation_file'])) ?? [];
    expect({ number: Number(number), at, hash, row: atState[0]!['participation_row'] }).toEqual({ number: file.id, at: file.at, hash: file.hash, row: 3 });
    expect(instances.get(instance!)).toBe(first);
    // no file name leaves the instance: not in the records' sources, not in mart.data_sources, not in the manifest
    const exported = readdirSync(exportDirs[0]!, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.parquet') || p.endsWith('.json'));
    expect(exported.filter((p) => readFileSync(join(exportDirs[0]!, p)).includes('Mustermann'))).toEqual([]);
    expect(await state.scalar("SELECT count(*) FROM meta.record_sources WHERE source_file LIKE '%Mustermann%'")).toBe(0);
  });

  it("a state exporting on passes the Jobcenter's source on, not its own file and row", async () => {
    const [first] = instances.values();
    const own = (await findings(first!, 'dates_ordered')).filter((r) => String(r['participation_file']).endsWith(BAD_FILE));
    const atState = (await findings(state, 'dates_ordered')).filter((r) => r['participant_id'] === own[0]!['participant_id']);
    const onward = join(tmp.dir, 'export-state');
    await exportData(state, { format: 'parquet', outDir: onward, key: KEY }, quietEffects());
    const exported = await state.json<{ source_file: string; source_row: number }>(
      'SELECT source_file, source_row::INTEGER AS source_row FROM read_parquet($file) WHERE participant_id = $id',
      { file: join(onward, 'raw', 'participations.parquet'), id: String(own[0]!['participant_id']) },
    );
    expect(exported).toEqual([{ source_file: atState[0]!['participation_file'], source_row: 3 }]);
  });

  it("every check's findings at the state name the files and rows the Jobcenters' own checks name", async () => {
    let named = 0;
    const own = await Promise.all([...instances.values()].map(allFindings));
    for (const [check, atState] of await allFindings(state)) {
      const translated = await Promise.all(
        atState.map(async (row) => {
          const out = { ...row };
          for (const [fileColumn] of FILE_ROW) {
            if (!(fileColumn in row) || row[fileColumn] === null) continue;
            const match = SOURCE.exec(String(row[fileColumn]));
            expect(match, `${check}.${fileColumn}: ${String(row[fileColumn])}`).not.toBeNull();
            const db = instances.get(match![2]!)!;
            out[fileColumn] = (await db.json<{ name: string }>('SELECT name FROM meta.files WHERE file_id = $id', { id: Number(match![1]) }))[0]?.name;
            named += 1;
          }
          return JSON.stringify(out);
        }),
      );
      const expected = own.flatMap((found) => found.get(check)!.map((r) => JSON.stringify(r)));
      expect(translated.sort(), check).toEqual(expected.sort());
    }
    expect(named).toBeGreaterThan(10);
  }, 120_000);

  it('refuses an export without the source columns (an older almp) or with a file name in them, saying to export again', async () => {
    const dir = join(tmp.dir, 'export-without-source');
    cpSync(exportDirs[0]!, dir, { recursive: true });
    const file = join(dir, 'raw', 'participations.parquet');
    const rewrite = async (select: string) => {
      const altered = join(tmp.dir, 'participations-rewritten.parquet');
      await state.run(`COPY (${select} FROM read_parquet($file)) TO '${altered}' (FORMAT parquet)`, { file: join(exportDirs[0]!, 'raw', 'participations.parquet') });
      cpSync(altered, file);
      await resignExport(dir);
    };
    const other = await openStore(join(tmp.dir, 'state-other.duckdb'));
    try {
      await rewrite('SELECT * EXCLUDE (source_file, source_row)');
      await expect(importExport(other, { dir, key: KEY }, quietEffects())).rejects.toMatchObject({
        message: expect.stringContaining(
          "raw/participations.parquet lacks the column source_file, source_row (an export of an older almp, which did not name the Jobcenter's file and row of its records)",
        ) as unknown,
        hint: expect.stringContaining('export again at the Jobcenter with a current almp') as unknown,
      });
      await rewrite(`SELECT * REPLACE ('participations/${BAD_FILE}' AS source_file)`);
      await expect(importExport(other, { dir, key: KEY }, quietEffects())).rejects.toThrow(/raw\.participations\.source_file: \d+ rows \(first: row 1\): not a source an export writes/);
      expect(await other.scalar('SELECT count(*) FROM meta.files')).toBe(0);
    } finally {
      other.close();
    }
  });

  it('a person erased at the state (almp forget) takes the sources of their records along', async () => {
    const orphans = `SELECT count(*) FROM meta.record_sources AS s JOIN meta.files AS f USING (file_id)
                     WHERE NOT EXISTS (SELECT 1 FROM raw.participations AS r WHERE f.kind = 'participations' AND r._file_id = s.file_id AND r._row = s."row")
                       AND NOT EXISTS (SELECT 1 FROM raw.final_reports AS r WHERE f.kind = 'final_reports' AND r._file_id = s.file_id AND r._row = s."row")
                       AND f.kind IN ('participations', 'final_reports')`;
    const sources = await state.scalar('SELECT count(*) FROM meta.record_sources');
    expect(await state.scalar(orphans)).toBe(0);
    const forgotten = await forgetPersons(
      state,
      { ids: ['444B555666'], dryRun: false, key: KEY, rebuild: async () => true, replaceSnapshots: async () => undefined, keptFiles: [] },
      quietEffects(),
    );
    expect(forgotten.persons).toBe(1);
    expect(await state.scalar(orphans)).toBe(0);
    expect(await state.scalar('SELECT count(*) FROM meta.record_sources')).toBe(sources - 1);
  });
});
