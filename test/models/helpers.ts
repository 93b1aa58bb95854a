/** A real DuckDB file in a temp dir with the hand-checked fixture loaded and the models built. */
import type { IndicatorValueRow } from '../../pipelines/db/typed.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels, type ModelBuildResult } from '../../pipelines/models/build.ts';
import { AS_OF, loadHandChecked } from '../fixtures/hand-checked/fixture.ts';
import { bootstrapped } from '../helpers/fresh-database.ts';

export interface Built {
  db: Db;
  dir: string;
  result: ModelBuildResult;
  effects: ReturnType<typeof quietEffects>;
  close(): void;
}

export async function buildHandChecked(options: { asOf?: string; suppressionThreshold?: number } = { asOf: AS_OF }): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-models-'));
  const db = await bootstrapped(join(dir, 'almp.duckdb'));
  await loadHandChecked(db);
  const effects = quietEffects();
  const result = await buildModels(db, options, effects);
  return {
    db,
    dir,
    result,
    effects,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One row of mart.indicator_values: the type that other tools read (pipelines/db/typed.ts). */
export type IndicatorRow = IndicatorValueRow;

/** The rows of one slice and period, keyed "indicator/breakdown". */
export async function slice(
  db: Db,
  where: { period_type: string; period: string; jobcenter_id?: string; provider_id?: string; instrument?: string; measure_id?: string },
): Promise<Map<string, IndicatorRow>> {
  const rows = await db.json<IndicatorRow & Record<string, unknown>>(
    `select * from mart.indicator_values where period_type = $pt and period = $p and jobcenter_id = $jc and provider_id = $prov
       and instrument = $instr and measure_id = $measure`,
    {
      pt: where.period_type,
      p: where.period,
      jc: where.jobcenter_id ?? '*',
      prov: where.provider_id ?? '*',
      instr: where.instrument ?? '*',
      measure: where.measure_id ?? '*',
    },
  );
  return new Map(rows.map((r) => [`${r.indicator}/${r.breakdown}`, r]));
}
