/**
 * Which cells are small is decided in the model build (meta.build_parameters); `almp
 * dashboards` and `almp returns` write the figures as built. With ALMP_SUPPRESSION_THRESHOLD=10
 * set for them after a build at 5 they wrote counts of 5–9 and said nothing (a funder asking
 * for 10 got the 5's tables): a threshold set for an output that the build did not use refuses it.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { ItemResult } from '../results.ts';

/** The refusal of output `name` when the threshold set differs from the last build's, else undefined. */
export async function refuseOtherThreshold(db: Db, config: Pick<Config, 'suppressionThreshold' | 'suppressionThresholdSet'>, name: string): Promise<ItemResult[] | undefined> {
  if (!config.suppressionThresholdSet) return undefined;
  const [row] = await db
    .json<{ t: number | null }>('SELECT suppression_threshold::INTEGER AS t FROM meta.build_parameters LIMIT 1')
    .catch(() => [] as { t: number | null }[]);
  const built = row?.t ?? undefined;
  if (built === undefined || built === config.suppressionThreshold) return undefined;
  const hidden = (t: number) => (t <= 2 ? 'counts of 1' : `counts of 1 to ${t - 1}`);
  return [
    {
      name,
      status: 'error',
      error:
        `ALMP_SUPPRESSION_THRESHOLD is ${config.suppressionThreshold}, but the last build hid ${hidden(built)} (threshold ${built}), and the ${name} are written as built: ` +
        `run almp run with ALMP_SUPPRESSION_THRESHOLD=${config.suppressionThreshold} to build and write them with ${config.suppressionThreshold}, or unset the variable to write them with ${built}`,
    },
  ];
}
