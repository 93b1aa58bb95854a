/**
 * The row number of a CSV record is its position in the parsed TEMP table, which DuckDB keeps
 * in file order only for an ordered insert (no joins in the plan). A cross join with the
 * reference lists and boolean IN lists (rewritten into mark joins) once made the plan
 * unordered: on large files (parallel reading) rejects and superseded rows then named the
 * wrong rows. Small test files are read by one thread and cannot show it, so the plan itself
 * is checked, for every kind with all its columns.
 *
 * Also: the fast path of the code lists (canonical 'code|code', 'code:status|...') gives the
 * same values as the general path (case, blanks, German status words, empty items).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KINDS, KIND_SPECS } from '../../pipelines/schema/kinds.ts';
import { openCsv } from '../../pipelines/ingest/csv-source.ts';
import { parseStatement } from '../../pipelines/ingest/load-file.ts';
import { plannedLightly } from '../../pipelines/ingest/light-planning.ts';
import { KEY, fixture, openStore, pid, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('parse plan', () => {
  // a small file's statement is planned with two passes left out (light-planning.ts): that plan too
  it.each(KINDS.flatMap((kind) => [[kind, false] as const, [kind, true] as const]))('%s (planned lightly: %s): the parse statement is an ordered insert without joins', async (kind, light) => {
    const path = join(store.dir, `${kind}.csv`);
    writeFileSync(path, `${KIND_SPECS[kind].columns.map((c) => c.name).join(';')}\n`);
    const csv = await openCsv(kind, path);
    try {
      // the plan of a machine with cores to spare (the suite runs DuckDB on one thread)
      await store.db.run('SET threads = 2');
      const { sql, params } = await parseStatement(store.db, kind, csv.source, KEY, { path: csv.readPath });
      const explain = () => store.db.all<{ explain_value: string }>(`EXPLAIN ${sql}`, params);
      const plan = (await plannedLightly(store.db, light, explain)).map((r) => r.explain_value).join('\n');
      expect(plan).toContain('BATCH_CREATE_TABLE_AS');
      expect(plan).not.toMatch(/JOIN|CROSS_PRODUCT/);
    } finally {
      csv.dispose();
    }
  });

  it('a small file planned lightly leaves every pass on for what runs next, also when its statement fails', async () => {
    const left = async () => (await store.db.json<{ s: string }>("SELECT current_setting('disabled_optimizers') AS s"))[0]!.s;
    const [result] = await store.ingest([fixture('participations_fehlerhaft.csv')]);
    expect(result?.status).toBe('success');
    expect(await left()).toBe('');
    let during = '';
    const failing = plannedLightly(store.db, true, async () => {
      during = await left();
      await store.db.run("SELECT error('the checks failed')");
    });
    await expect(failing).rejects.toThrow('the checks failed');
    expect(during.split(',').sort()).toEqual(['common_subexpressions', 'expression_rewriter']);
    expect(await left()).toBe('');
  });
});

describe('code lists', () => {
  it('canonical and hand-written lists give the same values; unknown codes still reject', async () => {
    const path = join(store.dir, 'final_reports.csv');
    writeFileSync(
      path,
      [
        'provider_id;measure_id;participant_id;report_date;entry_date;dropout_reasons;goals',
        'T1;M1;A1;01.03.2024;01.01.2024;health|motivation;skills:achieved|other:open',
        'T1;M1;A2;01.03.2024;01.01.2024; Health | MOTIVATION |;Skills : Erreicht|| other:offen',
        'T1;M1;A3;01.03.2024;01.01.2024;health|flu;skills:done',
        'T1;M1;A4;01.03.2024;01.01.2024;health|;skills:achieved|',
      ].join('\n'),
    );
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 3, rowsRejected: 1 });
    const rows = await store.db.json<{ participant_id: string; dropout_reasons: string[]; goals: unknown }>(
      'SELECT participant_id, dropout_reasons, goals FROM raw.final_reports ORDER BY _row',
    );
    const both = { dropout_reasons: ['health', 'motivation'], goals: [{ code: 'skills', status: 'achieved' }, { code: 'other', status: 'open' }] };
    expect(rows).toEqual([
      { participant_id: pid('A1'), ...both },
      { participant_id: pid('A2'), ...both },
      { participant_id: pid('A4'), dropout_reasons: ['health'], goals: [{ code: 'skills', status: 'achieved' }] },
    ]);
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      { row: 4, column: 'dropout_reasons', reason: "unknown dropout reason code 'flu'" },
      { row: 4, column: 'goals', reason: expect.stringContaining("unknown goal code or status 'skills:done'") },
    ]);
  });
});
