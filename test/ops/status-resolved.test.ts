import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { quietEffects } from '../../pipelines/effects.ts';
import { statusReport } from '../../pipelines/ops/status.ts';
import { printStatus } from '../../pipelines/ops/status-print.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { tempProject, type TempProject } from '../schedule/helpers.ts';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('almp status after a corrected re-delivery', () => {
  it('counts only the rejects no later file of the same name replaced, and names which file resolved the others', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    await project.withWriter(async (db) => {
      // 1: 4 rows rejected, 2: the corrected file (1 row still wrong); 3: refused whole, 4: its fix;
      // 5: refused, and its re-send (6) refused too; 7: another kind's file of the same name as 1
      await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at) VALUES
        (1, 'participations', 'teilnahmen_06411.csv', '/in/a', 'h1', 'csv', 6, 2, 4, 0, TIMESTAMP '2026-03-09 08:00:00'),
        (2, 'participations', 'teilnahmen_06411.csv', '/in/a', 'h2', 'csv', 6, 5, 1, 2, TIMESTAMP '2026-03-09 11:00:00'),
        (4, 'measures', 'massnahmen.csv', '/in/m', 'h4', 'csv', 3, 3, 0, 0, TIMESTAMP '2026-03-09 12:00:00'),
        (7, 'outcomes', 'teilnahmen_06411.csv', '/in/o', 'h7', 'csv', 3, 3, 0, 0, TIMESTAMP '2026-03-09 13:00:00')`);
      await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at) VALUES
        (1, 'participations', 'teilnahmen_06411.csv', 3, 'referral_date', '31.02.2024', 'not a date', TIMESTAMP '2026-03-09 08:00:00'),
        (1, 'participations', 'teilnahmen_06411.csv', 4, 'exit_reason', '13', 'unknown', TIMESTAMP '2026-03-09 08:00:00'),
        (1, 'participations', 'teilnahmen_06411.csv', 5, 'participant_id', NULL, 'empty', TIMESTAMP '2026-03-09 08:00:00'),
        (1, 'participations', 'teilnahmen_06411.csv', 7, 'gender', 'weiblich', 'unknown', TIMESTAMP '2026-03-09 08:00:00'),
        (2, 'participations', 'teilnahmen_06411.csv', 4, 'exit_reason', '13', 'unknown', TIMESTAMP '2026-03-09 11:00:00'),
        (3, 'measures', 'massnahmen.csv', NULL, NULL, NULL, 'a required column is missing', TIMESTAMP '2026-03-09 09:00:00'),
        (5, 'providers', 'traeger.csv', NULL, NULL, NULL, 'the file is empty', TIMESTAMP '2026-03-09 09:30:00'),
        (6, 'providers', 'traeger.csv', NULL, NULL, NULL, 'the file is empty', TIMESTAMP '2026-03-09 10:30:00')`);
    });
    const report = await statusReport(project.config.dbPath, settings, new Date('2026-03-10T10:00:00Z'));
    expect(report.rejects.map((r) => [r.file_id, r.replaced_by])).toEqual([[2, null], [6, null], [5, null], [3, 4], [1, 2]]);
    const effects = quietEffects();
    printStatus(report, settings.timezone, effects);
    const text = effects.lines.join('\n');
    // it said '5 rows in 2 files; 3 files not loaded at all' with 1 row and 2 refused files still open
    expect(text).toContain('Rejected (last 7 days): 1 row in 1 file; 2 files not loaded at all (status exits 1 until a file of the same name loads, or 7 days pass) – the good rows loaded; have the rest corrected and sent again');
    expect(text).toContain('  participations/teilnahmen_06411.csv: 1 row (09.03.2026, 12:00:00) – reasons: almp rejects 2');
    expect(text).not.toContain('almp rejects 1\n');
    expect(text).toContain('  resolved: 2 files replaced by a later file of the same name');
    expect(text).toContain('    participations/teilnahmen_06411.csv: 4 rows in file 1 → file 2 (09.03.2026, 12:00:00)');
    expect(text).toContain('    measures/massnahmen.csv: not loaded in file 3 → file 4 (09.03.2026, 13:00:00)');
    // no retention period set: the purge job says why it is off
    expect(text).toMatch(/^ {2}purge +disabled \(no retentionDays in the schedule file: files are kept for good\)$/m);
  });
});
