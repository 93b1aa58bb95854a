/**
 * Jobcenters, providers and measures (contract lots) for a dataset of a given size:
 * about one Jobcenter per 25,000 participations (at least two, one gE and one zkT), a
 * handful of providers per Jobcenter, and enough lots of every instrument that the
 * contracted capacity carries the participations at a plausible occupancy.
 */
import { type Day, addYears, monthIndexOf, monthStart } from './days.ts';
import { INSTRUMENTS, type Funding, type InstrumentProfile } from './instruments.ts';
import { MUNICIPAL_PROVIDER_PREFIXES, PROVIDER_PREFIXES, PROVIDER_SUFFIXES, STATES } from './places.ts';
import { type Rng, Weighted } from './random.ts';
import type { Row } from './row.ts';

export const PARTICIPATIONS_PER_JOBCENTER = 25_000;

export interface Period {
  /** Three years before as-of: the first month of the stock figures. */
  readonly start: Day;
  /** Referrals begin half a year earlier, so measures are already running at `start`. */
  readonly referralStart: Day;
  readonly asOf: Day;
}

export interface Jobcenter {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly type: 'gE' | 'zkT';
  readonly state: string;
  readonly region: string;
  readonly participations: number;
  /** Persons in activating measures ÷ ELB this Jobcenter runs at (stocks are scaled to it). */
  readonly activationTarget: number;
  readonly unemployedShare: number;
  readonly longTermRecipientShare: number;
}

export interface Provider {
  readonly id: string;
  readonly name: string;
  readonly type: 'municipal' | 'independent';
}

export interface Measure {
  readonly id: string;
  readonly jobcenter: Jobcenter;
  readonly provider: Provider;
  readonly profile: InstrumentProfile;
  readonly title: string;
  readonly funding: Funding;
  readonly contractStart: Day;
  readonly contractEnd: Day;
  places: number;
  readonly durationDays: number;
  costTotal: number | null;
  readonly cooperation: string | null;
  readonly referralFrom: Day;
  readonly referralTo: Day;
  readonly capacity: number;
  /** Participations this lot receives (allocated from capacity). */
  participations: number;
}

export interface Organisations {
  readonly jobcenters: readonly Jobcenter[];
  readonly providers: readonly Provider[];
  readonly measures: readonly Measure[];
}

const COOPERATION = new Weighted<string | null>([['minimal', 25], ['low', 35], ['extended', 22], ['intensive', 10], ['other', 3], [null, 5]]);

/** Splits `total` in proportion to `weights`, rounding by largest remainder (sums exactly). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const counts = exact.map(Math.floor);
  let rest = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

function buildJobcenters(rng: Rng, participations: number): Jobcenter[] {
  const count = Math.max(2, Math.round(participations / PARTICIPATIONS_PER_JOBCENTER));
  const perState = new Map<string, number>();
  const drafts = Array.from({ length: count }, (_, i) => {
    // The first two are Hessian and of both types, so even the smallest dataset compares gE with zkT.
    const state = i < 2 ? STATES[0]! : rng.pick(STATES);
    const k = perState.get(state.code) ?? 0;
    perState.set(state.code, k + 1);
    const base = state.regions[k % state.regions.length]!;
    const region = k < state.regions.length ? base : `${base} ${Math.floor(k / state.regions.length) + 1}`;
    const type: 'gE' | 'zkT' = i === 0 ? 'gE' : i === 1 ? 'zkT' : rng.chance(0.25) ? 'zkT' : 'gE';
    return {
      id: `${state.code}${String(411 + k).padStart(3, '0')}`,
      name: type === 'gE' ? `Jobcenter ${region}` : `Kommunales Jobcenter ${region}`,
      type,
      state: state.name,
      region,
      weight: Math.exp(0.35 * Math.max(-2, Math.min(2, rng.normal()))),
      activationTarget: 0.1 + 0.04 * rng.float(),
      unemployedShare: 0.45 + 0.07 * rng.float(),
      longTermRecipientShare: 0.6 + 0.08 * rng.float(),
    };
  });
  const shares = apportion(participations, drafts.map((d) => d.weight));
  return drafts.map(({ weight: _weight, ...d }, index) => ({ ...d, index, participations: shares[index]! }));
}

function buildProviders(rng: Rng, jobcenter: Jobcenter, nextId: () => string, shared: Provider | undefined): Provider[] {
  const count = 4 + rng.int(0, 3) + Math.floor(jobcenter.participations / 6000);
  const providers: Provider[] = shared ? [shared] : [];
  while (providers.length < count) {
    // A municipal Jobcenter always works with at least one municipal provider.
    const firstOwn = providers.length === (shared ? 1 : 0);
    const municipal = rng.chance(jobcenter.type === 'zkT' ? 0.3 : 0.15) || (firstOwn && jobcenter.type === 'zkT');
    const name = municipal
      ? `${rng.pick(MUNICIPAL_PROVIDER_PREFIXES)} ${jobcenter.region}`
      : `${rng.pick(PROVIDER_PREFIXES)} ${jobcenter.region} ${rng.pick(PROVIDER_SUFFIXES)}`;
    providers.push({ id: nextId(), name, type: municipal ? 'municipal' : 'independent' });
  }
  return providers;
}

function draftMeasure(rng: Rng, period: Period, jobcenter: Jobcenter, provider: Provider, profile: InstrumentProfile, seq: number): Measure {
  const months = rng.int(profile.contractMonths[0], profile.contractMonths[1]);
  // Lots run at any time of the referral period: some started before it, the last two months before as-of.
  const firstMonth = monthIndexOf(period.referralStart) - months + 3;
  const lastMonth = monthIndexOf(period.asOf) - 2;
  const startMonth = rng.int(firstMonth, lastMonth);
  const contractStart = monthStart(startMonth) + (rng.chance(0.15) ? 14 : 0);
  const contractEnd = monthStart(startMonth + months) - 1;
  // A stay fits into the contract with at least three months of referrals left.
  const longest = Math.max(7, Math.floor((contractEnd - contractStart - 90) / 7) * 7);
  const durationDays = Math.min(longest, Math.max(7, Math.round(rng.int(profile.durationDays[0], profile.durationDays[1]) / 7) * 7));
  const places = rng.int(profile.places[0], profile.places[1]);
  // Referrals so that entries (5–35 days later) fall within the contract and planned stays end
  // in it, as purchasing intends; one lot in ten runs over its recorded contract (an extension
  // the purchasing data do not have yet), which the participation_outside_contract check finds.
  const overrun = rng.chance(0.1);
  const referralFrom = Math.max(contractStart - (overrun ? 14 : 5), period.referralStart);
  const referralTo = Math.min(contractEnd - (overrun ? Math.min(30, Math.floor(durationDays / 3)) : durationDays + 35), period.asOf);
  const occupancy = 0.55 + 0.4 * rng.float();
  const window = Math.max(14, referralTo - referralFrom);
  // Expected participations: places turned over during the referral window, plus no-shows.
  const capacity = (places * occupancy * window) / (durationDays * 0.8) / 0.88;
  const costRate = profile.costPerPlaceMonth[0] + rng.float() * (profile.costPerPlaceMonth[1] - profile.costPerPlaceMonth[0]);
  const cost = rng.chance(0.08) ? null : Math.round(places * months * costRate * 100) / 100;
  return {
    id: `${jobcenter.id}-${String(seq).padStart(4, '0')}`,
    jobcenter,
    provider,
    profile,
    title: `${rng.pick(profile.titles)} – Los ${seq}`,
    funding: new Weighted(profile.funding).draw(rng),
    contractStart,
    contractEnd,
    places,
    durationDays,
    costTotal: cost,
    cooperation: COOPERATION.draw(rng),
    referralFrom,
    referralTo: Math.max(referralTo, referralFrom),
    capacity: Math.max(1, capacity),
    participations: 0,
  };
}

function buildMeasures(rng: Rng, period: Period, jobcenter: Jobcenter, providers: readonly Provider[]): Measure[] {
  const providerPick = new Weighted(providers.map((p, i) => [p, 1 / (i + 1)] as const));
  const measures: Measure[] = [];
  const capacityByInstrument = new Map<string, number>();
  const add = (profile: InstrumentProfile): void => {
    const measure = draftMeasure(rng, period, jobcenter, providerPick.draw(rng), profile, measures.length + 1);
    measures.push(measure);
    capacityByInstrument.set(profile.code, (capacityByInstrument.get(profile.code) ?? 0) + measure.capacity);
  };
  // Every instrument at least once per Jobcenter; then the instrument furthest below its share.
  for (const profile of INSTRUMENTS) add(profile);
  let total = measures.reduce((sum, m) => sum + m.capacity, 0);
  while (total < jobcenter.participations) {
    let best = INSTRUMENTS[0]!;
    let bestGap = -Infinity;
    for (const profile of INSTRUMENTS) {
      const gap = profile.share * jobcenter.participations - (capacityByInstrument.get(profile.code) ?? 0);
      if (gap > bestGap) [best, bestGap] = [profile, gap];
    }
    add(best);
    total += measures[measures.length - 1]!.capacity;
  }
  const counts = apportion(jobcenter.participations, measures.map((m) => m.capacity));
  measures.forEach((m, i) => {
    m.participations = counts[i]!;
    // Small datasets still carry every instrument: shrink lots that got far fewer people than places.
    const fill = m.participations / m.capacity;
    if (fill < 0.5) {
      const scaled = Math.max(1, Math.round(m.places * Math.max(fill, 0.05) * 1.6));
      if (m.costTotal !== null) m.costTotal = Math.round((m.costTotal * scaled * 100) / m.places) / 100;
      m.places = scaled;
    }
  });
  return measures;
}

export function buildOrganisations(rng: Rng, participations: number, period: Period): Organisations {
  const jobcenters = buildJobcenters(rng, participations);
  const providers: Provider[] = [];
  let providerSeq = 0;
  const nextId = (): string => String(1001 + 13 * providerSeq++).padStart(6, '0');
  const measures: Measure[] = [];
  let previous: readonly Provider[] = [];
  for (const jobcenter of jobcenters) {
    // Large providers work for neighbouring Jobcenters too.
    const shared = previous.length > 0 && rng.chance(0.5) ? previous[0] : undefined;
    const own = buildProviders(rng, jobcenter, nextId, shared);
    for (const p of own) if (p !== shared) providers.push(p);
    measures.push(...buildMeasures(rng, period, jobcenter, own));
    previous = own;
  }
  return { jobcenters, providers, measures };
}

export function periodFor(asOf: Day): Period {
  const start = addYears(asOf, -3) + 1;
  return { start, referralStart: start - 183, asOf };
}

export function jobcenterRow(j: Jobcenter): Row {
  return { jobcenter_id: j.id, name: j.name, type: j.type, state: j.state, region: j.region };
}

export function providerRow(p: Provider): Row {
  return { provider_id: p.id, name: p.name, provider_type: p.type };
}

export function measureRow(m: Measure): Row {
  return {
    measure_id: m.id,
    jobcenter_id: m.jobcenter.id,
    provider_id: m.provider.id,
    instrument: m.profile.code,
    title: m.title,
    funding: m.funding,
    contract_start: m.contractStart,
    contract_end: m.contractEnd,
    places: m.places,
    planned_duration_days: m.durationDays,
    cost_total_eur: m.costTotal,
    cooperation_level: m.cooperation,
  };
}

