/**
 * A freshly installed service, before the Jobcenter's first participations: its catch-up
 * build finds nothing, and the dashboards and the due return failed at start and at every
 * fire after ('no participations are loaded'), status exiting 1 until the first delivery.
 * They wait instead (skipped, saying for what and where), status is green and says where
 * the file goes; the first delivery's build brings the pages and the due return.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../pipelines/generate/generate.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { KINDS } from '../../pipelines/schema/kinds.ts';
import { scheduleCommand } from '../../pipelines/schedule/schedule-command.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { realVerbs } from '../../pipelines/schedule/jobs/verbs.ts';
import { localDay } from '../../pipelines/schedule/working-days.ts';
import { statusExitCode, statusReport } from '../../pipelines/ops/status.ts';
import { printStatus } from '../../pipelines/ops/status-print.ts';
import { writeDashboards } from '../../dashboards/build.ts';
import { liveEffects, tempProject, waitUntil, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('a new service before its first participations', () => {
  it('waits with its outputs, says so in status (exit 0), and writes them after the first delivery', async () => {
    project = tempProject();
    const p = project;
    const file = join(p.dir, 'schedule.json');
    // the default schedule's shape: a nightly build and a 06:00 return, both caught up at the first start
    writeFileSync(
      file,
      JSON.stringify({
        inbox: 'inbox', archive: 'archive', quarantine: 'quarantine', out: 'out', snapshots: 'snapshots', logFile: 'logs/almp.log',
        inboxMinAgeSeconds: 0,
        jobs: { ingest: { cron: '*/1 * * * * *' }, annual_return: { enabled: false } },
      }),
    );
    const real = await realVerbs();
    const verbs = { ...real, writeDashboards: ((db, o, e) => writeDashboards(db, { ...o, formats: ['html'] }, e)) as typeof real.writeDashboards };
    const stop = new AbortController();
    const running = scheduleCommand(p.config, { configFile: file, signal: stop.signal, cwd: p.dir, verbs, consoleLog: false }, liveEffects());
    try {
      const settled = async () => {
        const runs = await p.ledger();
        return ['dashboards', 'quarterly_return'].every((job) => runs.some((r) => r.job === job && r.status !== 'running'));
      };
      await waitUntil(settled, 30_000, 'the outputs after the catch-up build');
      const outputs = (await p.ledger()).filter((r) => r.job === 'dashboards' || r.job === 'quarterly_return');
      expect(outputs.map((r) => [r.job, r.status])).toEqual([
        ['quarterly_return', 'skipped'],
        ['dashboards', 'skipped'],
      ]);

      const inbox = join(p.dir, 'inbox');
      const settings = loadScheduleSettings(file, { dataDir: join(p.dir, 'data'), cwd: p.dir });
      const report = await statusReport(p.config.dbPath, settings, new Date());
      expect(statusExitCode(report)).toBe(0);
      const said = quietEffects();
      printStatus(report, 'Europe/Berlin', said);
      const text = said.lines.join('\n');
      expect(text).toContain(`First data:    no participations loaded yet – put the Jobcenter's file into ${join(inbox, 'participations')}`);
      expect(text).toMatch(/dashboards +skipped .* – waiting for the first participations \(none loaded yet, into /);
      expect(text).toMatch(/returns 20\d\d-Q\d, due [\d.]+: NOT written yet \(waits for the first participations: put the Jobcenter's file into /);

      // a participations file refused (no Zuweisungsdatum): 'put the file there' misled (a review)
      writeFileSync(join(inbox, 'participations', 'teilnahmen.csv'), 'Kundennummer;Dienststelle;Maßnahme-Nr;Eintritt\n962D800001;06411;06411-0001;10.01.2024\n');
      await waitUntil(() => existsSync(join(p.dir, 'quarantine', 'participations')), 15_000, 'the refused file quarantined');
      const refused = quietEffects();
      printStatus(await statusReport(p.config.dbPath, settings, new Date()), 'Europe/Berlin', refused);
      expect(refused.lines.join('\n')).toContain('First data:    no participations loaded yet – the participations file was refused (see Quarantined and Rejected below): correct it and put it into');

      const gen = join(p.dir, 'gen');
      // data up to today: the return due now is of the last quarter
      await generate({ participations: 60, outDir: gen, seed: 5, asOf: localDay(new Date(), 'Europe/Berlin') }, quietEffects());
      for (const kind of KINDS) copyFileSync(join(gen, kind, `${kind}.csv`), join(inbox, kind, `${kind}.csv`));
      const written = (dir: string, ext: string) => existsSync(dir) && readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith(ext));
      await waitUntil(() => written(join(p.dir, 'out', 'returns'), '.xlsx') && written(join(p.dir, 'out', 'dashboards'), '.html'), 60_000, 'the return and the pages after the first delivery');
      const after = await statusReport(p.config.dbPath, settings, new Date());
      expect(after.awaitingParticipations).toBeUndefined();
    } finally {
      stop.abort();
      expect(await running).toBe(0);
    }
  });
});
