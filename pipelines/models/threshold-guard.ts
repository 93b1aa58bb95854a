/**
 * Which cells are small is decided in the model build (meta.build_parameters); `almp
 * dashboards` and `almp returns` write the figures as built. With ALMP_SUPPRESSION_THRESHOLD=10
 * set for them after a build at 5 they wrote counts of 5–9 and said nothing (a funder asking
 * for 10 got the 5's tables): a threshold set for an output that the build did not use refuses it.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { ItemResult } from '../results.ts';

/**
 * The refusal of output `name` when the threshold differs from the last build's, else
 * undefined. `service`: the scheduler's jobs, which hold the service's threshold, set or the
 * default, and refuse only a build that hid less (after `almp run` by hand without the
 * service's ALMP_SUPPRESSION_THRESHOLD=10 its returns went out with the 5's small cells);
 * a stricter build by hand goes out as built.
 */
export async function refuseOtherThreshold(
  db: Db,
  config: Pick<Config, 'suppressionThreshold' | 'suppressionThresholdSet'>,
  name: string,
  options: { service?: boolean } = {},
): Promise<ItemResult[] | undefined> {
  if (!options.service && !config.suppressionThresholdSet) return undefined;
  const [row] = await db
    .json<{ t: number | null }>('SELECT suppression_threshold::INTEGER AS t FROM meta.build_parameters LIMIT 1')
    .catch(() => [] as { t: number | null }[]);
  const built = row?.t ?? undefined;
  const wanted = config.suppressionThreshold;
  if (built === undefined || built === wanted || (options.service && built > wanted)) return undefined;
  const hidden = (t: number) => (t <= 2 ? 'counts of 1' : `counts of 1 to ${t - 1}`);
  const setting = config.suppressionThresholdSet ? `ALMP_SUPPRESSION_THRESHOLD is ${wanted}` : `The suppression threshold is ${wanted} (ALMP_SUPPRESSION_THRESHOLD not set: the default)`;
  // the service's advice: lowering the service's threshold to the hand build's was no fix (an operator's audit)
  const unset = config.suppressionThresholdSet && !options.service ? `, or unset the variable to write them with ${built}` : '';
  const fix = options.service
    ? `run ALMP_SUPPRESSION_THRESHOLD=${wanted} almp run --out <the service's output folder>, or wait for the service's next model build, which builds with ${wanted}`
    : `run almp run with ALMP_SUPPRESSION_THRESHOLD=${wanted} to build and write them with ${wanted}${unset}`;
  return [
    {
      name,
      status: 'error',
      error: `${setting}, but the last build hid ${hidden(built)} (threshold ${built}), and the ${name} are written as built: ${fix}`,
    },
  ];
}
