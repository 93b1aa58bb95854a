/** What `almp status` reads from the marts of the last build: overdue final reports and data-quality findings. */
import type { Db } from '../db/database.ts';
import type { StatusReport } from './status.ts';

export async function readMarts(db: Db): Promise<Pick<StatusReport, 'overdueReports' | 'dataQuality'>> {
  const tables = await db.json<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'mart'");
  const has = (name: string) => tables.some((t) => t.name === name);
  const result: { overdueReports?: StatusReport['overdueReports']; dataQuality?: StatusReport['dataQuality'] } = {};
  if (has('indicator_values')) {
    const rows = await db.json<{ period: string; jobcenter_id: string; count: number }>(
      `WITH overdue AS (
         SELECT period, jobcenter_id, value FROM mart.indicator_values
         WHERE indicator = 'reports_overdue' AND provider_id = '*' AND instrument = '*' AND measure_id = '*' AND breakdown = '*'),
       latest AS (SELECT max(period) AS period FROM overdue WHERE jobcenter_id = '*')
       SELECT o.period, o.jobcenter_id, CAST(o.value AS INTEGER) AS count
       FROM overdue o JOIN latest USING (period) ORDER BY o.jobcenter_id = '*' DESC, count DESC, o.jobcenter_id`,
    );
    const total = rows.find((r) => r.jobcenter_id === '*');
    if (total) {
      result.overdueReports = {
        period: total.period,
        total: total.count,
        byJobcenter: rows.filter((r) => r.jobcenter_id !== '*').map((r) => ({ jobcenter_id: r.jobcenter_id, count: r.count })),
      };
    }
  }
  if (has('data_quality')) {
    result.dataQuality = await db.json(
      `SELECT "check", severity, description, CAST(failing_rows AS INTEGER) AS failing_rows FROM mart.data_quality
       WHERE failing_rows > 0 ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "check"`,
    );
  }
  return result;
}
