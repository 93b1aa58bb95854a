/**
 * `almp status --json` for a monitor or a script: one form per kind of value. The ledger's
 * run ids came as strings ("6") beside file ids as numbers, and its times as UTC text without
 * a zone ("2026-12-06 00:14:59.405") beside the fire times in ISO with Z — read by JavaScript
 * or pandas as local time, an hour off in Berlin (two in summer).
 */
import type { StatusReport } from './status.ts';

/** UTC text as the ledger stores it ('2026-12-06 00:14:59.405') → ISO with Z; ISO is kept. */
export function isoUtc(text: string | null | undefined): string | null {
  if (!text) return null;
  return text.includes('T') ? text : new Date(`${text.replace(' ', 'T')}Z`).toISOString();
}

export function statusJson(report: StatusReport): unknown {
  return {
    ...report,
    jobs: report.jobs.map((job) =>
      job.lastRun
        ? {
            ...job,
            lastRun: {
              ...job.lastRun,
              run_id: Number(job.lastRun.run_id),
              scheduled_at: isoUtc(job.lastRun.scheduled_at),
              started_at: isoUtc(job.lastRun.started_at),
              ended_at: isoUtc(job.lastRun.ended_at),
            },
          }
        : job,
    ),
    rejects: report.rejects.map((r) => ({ ...r, at: isoUtc(r.at), replaced_at: isoUtc(r.replaced_at) })),
  };
}
