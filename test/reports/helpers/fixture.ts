/**
 * A real database for the returns tests: the committed sample inbox (data-samples/inbox, a
 * fixed dataset in mixed real-world formats), ingested and built with the project's own
 * pipeline. Fixed files, fixed key, fixed as-of and a pinned clock: the same figures every run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap } from '../../../pipelines/db/bootstrap.ts';
import { Db } from '../../../pipelines/db/database.ts';
import { quietEffects } from '../../../pipelines/effects.ts';
import { fileURLToPath } from 'node:url';
import { generate } from '../../../pipelines/generate/generate.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { buildModels } from '../../../pipelines/models/build.ts';
import { afterAll } from 'vitest';
import { closedDatabase, openFromTemplate } from '../../helpers/template-db.ts';
import { scratchDir } from '../../helpers/scratch.ts';

// Registered when the first test file of a worker imports this helper, so it runs after that
// file's own hooks (which close the database); later files' folders go with the run's
// scratch folder (test/helpers/scratch.ts).
const fixtureDirs: string[] = [];
afterAll(() => {
  for (const dir of fixtureDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export const FIXTURE_AS_OF = '2026-09-30';
export const SAMPLE_INBOX = fileURLToPath(new URL('../../../data-samples/inbox/', import.meta.url));

export interface Fixture {
  readonly dir: string;
  readonly db: Db;
}

export interface FixtureOptions {
  /** Instead of the samples: a seeded generated dataset of this many participations (larger cells). */
  readonly generated?: number;
  /** Runs after ingest, before the models (e.g. to plant a hostile file name). */
  readonly prepare?: (db: Db) => Promise<void>;
}

export async function buildFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const { prepare } = options;
  const dir = scratchDir('almp-returns-');
  fixtureDirs.push(dir);
  const path = join(dir, 'almp.duckdb');
  if (!options.generated && !prepare) {
    // the plain samples fixture: built once per test run, copied (test/helpers/template-db.ts)
    return { dir, db: await openFromTemplate('returns-samples', path, (at) => closedDatabase(at, (db) => fill(db, SAMPLE_INBOX))) };
  }
  const generated = options.generated;
  if (generated && !prepare) {
    // a generated fixture of one size: built once per test run too, by the first file that asks
    return {
      dir,
      db: await openFromTemplate(`returns-generated-${generated}`, path, (at) =>
        closedDatabase(at, async (db) => {
          const inbox = `${at}.inbox`;
          await generate({ participations: generated, outDir: inbox, seed: 7, asOf: FIXTURE_AS_OF }, fixtureEffects());
          await fill(db, inbox);
          rmSync(inbox, { recursive: true, force: true });
        }),
      ),
    };
  }
  let inbox = SAMPLE_INBOX;
  if (options.generated) {
    inbox = join(dir, 'inbox');
    await generate({ participations: options.generated, outDir: inbox, seed: 7, asOf: FIXTURE_AS_OF }, fixtureEffects());
  }
  const db = await Db.open(path);
  await fill(db, inbox, prepare);
  return { dir, db };
}

/** Fixed key, as-of and a pinned clock: the same figures every run. */
function fixtureEffects(): ReturnType<typeof quietEffects> {
  return quietEffects(new Date('2026-10-01T00:00:00Z'));
}

async function fill(db: Db, inbox: string, prepare?: (db: Db) => Promise<void>): Promise<void> {
  const effects = fixtureEffects();
  await bootstrap(db);
  await ingestPaths(db, { paths: [inbox], key: Buffer.alloc(32, 7) }, effects);
  if (prepare) await prepare(db);
  const built = await buildModels(db, { asOf: FIXTURE_AS_OF, suppressionThreshold: 5 }, effects);
  const failed = built.models.filter((m) => m.status === 'error');
  if (failed.length) throw new Error(`model build failed: ${JSON.stringify(failed)}`);
}
