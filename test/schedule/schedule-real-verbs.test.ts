/**
 * The acceptance run on the real verbs: the real scheduler (node-cron, a timer every
 * second) in a temp directory; generated sample files are dropped into the inbox and
 * observed archived, the models built, a snapshot published and the dashboards refreshed;
 * a bad file lands in quarantine with its reasons; the ledger records every run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../pipelines/generate/generate.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { KINDS } from '../../pipelines/schema/kinds.ts';
import { scheduleCommand } from '../../pipelines/schedule/schedule-command.ts';
import { realVerbs } from '../../pipelines/schedule/jobs/verbs.ts';
import { localDay } from '../../pipelines/schedule/working-days.ts';
import { withReadOnlyDb } from '../../pipelines/commands/open-db.ts';
import { currentSnapshot } from '../../pipelines/ops/snapshot.ts';
import { writeDashboards } from '../../dashboards/build.ts';
import { liveEffects, tempProject, waitUntil, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('almp schedule on the real verbs', () => {
  it('ingests dropped files, rebuilds, publishes and refreshes within seconds; quarantines a bad file', async () => {
    project = tempProject();
    const p = project;
    const gen = join(p.dir, 'gen');
    await generate({ participations: 150, outDir: gen, seed: 11, asOf: '2026-06-30' }, quietEffects());
    const file = join(p.dir, 'schedule.json');
    writeFileSync(
      file,
      JSON.stringify({
        inbox: 'inbox', archive: 'archive', quarantine: 'quarantine', out: 'out', snapshots: 'snapshots', logFile: 'logs/almp.log',
        inboxMinAgeSeconds: 60,
        jobs: { ingest: { cron: '*/1 * * * * *' }, models: { cron: null }, quarterly_return: { enabled: false }, annual_return: { enabled: false } },
      }),
    );
    // Real verbs; dashboards as HTML only to keep the test fast.
    const real = await realVerbs();
    const verbs = { ...real, writeDashboards: ((db, o, e) => writeDashboards(db, { ...o, formats: ['html'] }, e)) as typeof real.writeDashboards };
    const stop = new AbortController();
    const running = scheduleCommand(p.config, { configFile: file, signal: stop.signal, cwd: p.dir, verbs, consoleLog: false }, liveEffects());
    const inbox = join(p.dir, 'inbox');
    await waitUntil(() => existsSync(join(inbox, 'outcomes')), 10_000, 'the inbox folders');
    for (const kind of KINDS) copyFileSync(join(gen, kind, `${kind}.csv`), join(inbox, kind, `${kind}.csv`));

    const day = localDay(new Date(), 'Europe/Berlin');
    const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.csv')) : []);
    await waitUntil(() => filesIn(join(p.dir, 'archive')).length === KINDS.length, 20_000, 'every sample file archived');
    expect(filesIn(inbox)).toEqual([]);
    expect(filesIn(join(p.dir, 'archive', day)).map((f) => f.split('/')[0]).sort()).toEqual([...KINDS].sort());
    const pages = join(p.dir, 'out', 'dashboards');
    await waitUntil(() => existsSync(pages) && readdirSync(pages).some((f) => f.endsWith('.html')), 30_000, 'the dashboards');
    const firstSnapshot = currentSnapshot(join(p.dir, 'snapshots'))!;
    const indicators = await withReadOnlyDb(firstSnapshot, (db) => db.scalar('SELECT count(*) FROM mart.indicator_values'));
    expect(indicators).toBeGreaterThan(100);
    const page = readdirSync(pages).find((f) => f.endsWith('.html'))!;
    const firstWrite = statSync(join(pages, page)).mtimeMs;

    // A file without a required column is quarantined with its reasons; a correction is loaded and rebuilt.
    writeFileSync(join(inbox, 'measures', 'kaputt.csv'), 'foo;bar\n1;2\n');
    const providers = readFileSync(join(gen, 'providers', 'providers.csv'), 'utf8');
    writeFileSync(join(inbox, 'providers', 'providers-korrektur.csv'), `${providers.split(/\r?\n/).slice(0, 2).join('\n')}\n`);
    await waitUntil(() => existsSync(join(p.dir, 'quarantine', 'measures', 'kaputt.csv.reasons.txt')), 15_000, 'the quarantined file');
    await waitUntil(() => currentSnapshot(join(p.dir, 'snapshots')) !== firstSnapshot, 20_000, 'a second snapshot');
    await waitUntil(() => statSync(join(pages, page)).mtimeMs > firstWrite, 20_000, 'refreshed dashboards');
    stop.abort();
    expect(await running).toBe(0);

    expect(readFileSync(join(p.dir, 'quarantine', 'measures', 'kaputt.csv.reasons.txt'), 'utf8')).toMatch(/measure_id/);
    const ledger = await p.ledger();
    expect(ledger.filter((r) => r.status === 'running')).toEqual([]);
    const models = ledger.filter((r) => r.job === 'models');
    expect(models.map((r) => [r.trigger, r.status])).toEqual([
      ['after', 'success'],
      ['after', 'success'],
    ]);
    expect(ledger.filter((r) => r.job === 'dashboards' && r.status === 'success')).toHaveLength(2);
    const ingests = ledger.filter((r) => r.job === 'ingest');
    expect(ingests.reduce((n, r) => n + (r.items ?? 0), 0)).toBe(KINDS.length + 2);
    expect(ingests.reduce((n, r) => n + (r.items_failed ?? 0), 0)).toBe(1);
  });
});
