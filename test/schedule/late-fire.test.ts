/**
 * A fire that comes while the event loop is busy runs late instead of not at all: node-cron 4
 * dropped every fire more than 1 s late (its default tolerance), and a job's synchronous work
 * (SVG/PNG rendering, XLSX writing) held the loop for 1–1.3 s at 10^5 participations — no
 * ledger row, no catch-up, only node-cron's warning in the log.
 */
import { afterEach, expect, it } from 'vitest';
import { Scheduler, type Job } from '../../pipelines/schedule/scheduler.ts';
import { liveEffects, sleep, tempProject, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

it('runs a fire that fell into 3 s of a blocked event loop once the loop is free', async () => {
  project = tempProject();
  const ran: number[] = [];
  // every 5 s; the block below covers one fire time from 1 s before it to 2 s after
  const jobs: Job[] = [{ name: 'tick', cron: '*/5 * * * * *', run: async () => (ran.push(Date.now()), [{ name: 't', status: 'success' }]) }];
  const scheduler = new Scheduler({ jobs, timezone: 'Europe/Berlin', withWriter: project.withWriter, effects: liveEffects(), catchUp: false });
  await scheduler.start();
  try {
    await sleep(4_000 - (Date.now() % 5_000) + (Date.now() % 5_000 > 3_500 ? 5_000 : 0));
    const end = Date.now() + 3_000;
    while (Date.now() < end); // a job's synchronous work, over a fire time
    const free = Date.now();
    // before the next fire time (about 3 s on): only the late fire can have run
    await sleep(1_800);
    expect(ran.filter((t) => t >= free).length).toBe(1);
  } finally {
    await scheduler.stop();
  }
}, 30_000);
