/**
 * One suppression over a year's public outputs: the state and ESF+ returns and the ministry
 * page's tables. Suppressed apart, read together they gave hidden counts back (a reviewer's
 * integer solver, 8,000 participations): the page's Jobcenter × instrument figures are sums
 * of the returns' measure rows, so the state return's on-time reports (105) minus its ESF
 * rows (20 + 9) were the page's Land figure (76), and the page's 06412 figure (48) minus the
 * return's two visible rows left one measure's hidden 3.
 *
 * The joint problem: the returns' figures, lines and rates; the page's cells (numerators and
 * denominators, counts) with their row and column lines; and per page cell a line over the
 * measure rows it sums — a bound where measures of no public return make up the rest. The
 * page's own rule (linked tables, rates pinned at 0 % or 100 %) runs first; what the joint
 * run then hides on the page is forced into the page's rule again, until neither hides more
 * (cells are only ever added, so it ends). Both the returns and the page take their pattern
 * from here: each is as it would be with the other published beside it.
 */
import type { Db } from '../../pipelines/db/database.ts';
import { fixedBySums, indexLines, narrowedRanges, pinnedCells } from '../../pipelines/publish/inference.ts';
import { applySuppression, isSmallCount, type Dependent, type FigureInput, type HiddenKind, type Line } from '../../pipelines/publish/suppression.ts';
import { type IndicatorRow, loadIndicatorRows, loadPopulations } from '../../dashboards/data/indicators.ts';
import { MINISTRY_YEAR } from '../../dashboards/data/source.ts';
import { ministryYearTables, pageCellKey } from '../../dashboards/data/ministry-tables.ts';
import type { TableRow } from '../../dashboards/data/totals-table.ts';
import { ESF_PARTICIPANTS } from '../layouts/esf.ts';
import { STATE_ANNUAL } from '../layouts/state-annual.ts';
import type { WorkbookLayout } from '../layouts/types.ts';
import { loadSettings, periodContext, resolvePeriods, type ReturnSettings } from '../period.ts';
import type { WorkbookModel } from './assemble.ts';
import type { ReturnContext } from './context.ts';
import { assembleFigures } from './figures.ts';
import { pickSuffix, suffixedKey } from './load.ts';
import { MartReader } from './mart-reader.ts';
import { isPageKey, pageFigures } from './public-page.ts';

/** The returns a funder may publish, suppressed together with the ministry page. */
export const PUBLIC_RETURNS: readonly WorkbookLayout[] = [STATE_ANNUAL, ESF_PARTICIPANTS];

export function isPublicReturn(layout: WorkbookLayout): boolean {
  return PUBLIC_RETURNS.some((l) => l.id === layout.id);
}

export interface PublicYear {
  /** The public returns of the year by layout id, their figures' `hidden` set. */
  readonly returns: ReadonlyMap<string, WorkbookModel>;
  /** Page cells (pageCellKey) the page hides beyond its own rule. */
  readonly pageForced: ReadonlySet<string>;
  /** The joint problem and what ends up hidden in it (returns and page), for checks of what a reader of both can work out (worked out when asked). */
  audit(): {
    readonly figures: ReadonlyMap<string, FigureInput>;
    readonly lines: readonly Line[];
    readonly hidden: ReadonlySet<string>;
    /** The page's hidden figures with the page's own rule alone (as before the joint run). */
    readonly pageApart: ReadonlySet<string>;
    /** What the last joint run hid (page figures included): the page must hide each of these. */
    readonly joint: ReadonlySet<string>;
  };
}

const solved = new WeakMap<MartReader, Map<string, Promise<PublicYear>>>();
const pageRows = new WeakMap<MartReader, Promise<{ rows: readonly IndicatorRow[]; populations: Readonly<Record<string, string>> }>>();
const solvedForBuild = new WeakMap<Db, { stamp: string; years: Map<string, Promise<PublicYear>> }>();

/**
 * The year's joint pattern, worked out once per reader (the state and the ESF+ return each
 * ask) and once per build of the marts in a process (`almp run` writes the page, then the returns).
 */
export function publicYear(reader: MartReader, ctx: ReturnContext): Promise<PublicYear> {
  let byYear = solved.get(reader);
  if (!byYear) solved.set(reader, (byYear = new Map()));
  const key = JSON.stringify([ctx.period, ctx.asOf, ctx.threshold, ctx.periodFinal ?? null]);
  let result = byYear.get(key);
  if (!result) byYear.set(key, (result = sharedSolve(reader, { ...ctx, jobcenterId: null }, key)));
  return result;
}

async function sharedSolve(reader: MartReader, ctx: ReturnContext, key: string): Promise<PublicYear> {
  const db = reader.db as Db | undefined;
  // the build the marts come from: a pattern of another build must not be used
  const rows = db ? await db.json<{ stamp: string }>("SELECT run_id || '|' || built_at || '|' || models_version AS stamp FROM meta.marts_built").catch(() => []) : [];
  const stamp = rows[0]?.stamp;
  if (!db || !stamp) return solve(reader, ctx);
  let cache = solvedForBuild.get(db);
  if (cache?.stamp !== stamp) solvedForBuild.set(db, (cache = { stamp, years: new Map() }));
  let result = cache.years.get(key);
  if (!result) cache.years.set(key, (result = solve(reader, ctx)));
  return result;
}

/**
 * Of the page's hidden cells `candidates`, those a reader works out from the returns alone
 * (every page cell unknown to start with, the returns' figures as they are shown).
 */
function revealed(lines: readonly Line[], figures: ReadonlyMap<string, FigureInput>, hidden: ReadonlyMap<string, HiddenKind>, candidates: readonly string[]): Set<string> {
  if (!candidates.length) return new Set();
  const ranges = narrowedRanges(lines, (key) => {
    if (isPageKey(key)) return { lo: 0, hi: Infinity };
    const f = figures.get(key);
    if (!f) return undefined;
    const v = f.value ?? 0;
    return hidden.has(key) || f.primary ? { lo: v === 0 ? 0 : 1, hi: Infinity } : { lo: v, hi: v };
  });
  const isCandidate = new Set(candidates);
  const isHidden = (key: string) => isPageKey(key) || hidden.has(key) || Boolean(figures.get(key)?.primary);
  const bySums = fixedBySums(lines, (key) => figures.has(key), isHidden).filter((k) => isCandidate.has(k));
  return new Set([...pinnedCells(ranges, candidates), ...bySums]);
}

/** A zero hidden by the rule that `hidden` (a run's result) shows is no primary figure for later runs. */
function showZero(figures: Map<string, FigureInput>, key: string, hidden: ReadonlyMap<string, HiddenKind>): void {
  const f = figures.get(key);
  if (f?.primary && f.value === 0 && !hidden.has(key)) figures.set(key, { ...f, primary: false });
}

/** A line of the returns alone (no page cell in it). */
function inReturns(l: Line): boolean {
  return !isPageKey(l.total) && !l.parts.some(isPageKey);
}

/** The lines connected (through shared cells, however far) to a cell `reached` picks out. */
function linesReaching(lines: readonly Line[], reached: (key: string) => boolean): Line[] {
  const index = indexLines(lines);
  const parent = Int32Array.from(index.keys, (_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const none = index.ids.get(''); // a line without a total (a matrix row) joins nothing by it
  const join = (a: number, b: number) => {
    const x = root(a);
    const y = root(b);
    if (x !== y) parent[y] = x;
  };
  lines.forEach((_, i) => {
    const cells = [index.totals[i]!, ...index.parts[i]!].filter((k) => k !== none);
    for (let c = 1; c < cells.length; c++) join(cells[0]!, cells[c]!);
  });
  const touched = new Set<number>();
  index.keys.forEach((key, k) => reached(key) && touched.add(root(k)));
  return lines.filter((_, i) => {
    const first = [index.totals[i]!, ...index.parts[i]!].find((k) => k !== none);
    return first !== undefined && touched.has(root(first));
  });
}

/** A year's state-wide returns context (the one planReturns gives them). */
export function yearContext(settings: ReturnSettings, year: string): ReturnContext {
  return periodContext(settings, 'year', year, null);
}

/**
 * For the ministry page: the cells each year's public returns make it hide. `page`: the
 * page's yearly rows and populations as the dashboards read them (not read again).
 */
export async function pageForcedCells(db: Db, page: { rows: readonly IndicatorRow[]; populations: Readonly<Record<string, string>> }): Promise<Set<string>> {
  const settings = await loadSettings(db);
  const reader = new MartReader(db);
  const wanted = new Set(MINISTRY_YEAR);
  const rows = page.rows.filter((r) => wanted.has(r.ind));
  pageRows.set(reader, Promise.resolve({ rows, populations: page.populations }));
  const years = [...new Set(rows.map((r) => r.yr))].sort();
  // the year `almp run` writes returns for keeps its models for them; the others only their page cells
  const { year: returnsYear } = await resolvePeriods(db, settings.asOf);
  const forced = new Set<string>();
  try {
    for (const year of years) {
      const ctx = yearContext(settings, year);
      const result = await (year === returnsYear ? publicYear(reader, ctx) : solve(reader, ctx, false));
      for (const cell of result.pageForced) forced.add(cell);
    }
  } finally {
    await reader.close();
  }
  return forced;
}

/**
 * The ministry page's yearly rows, read once per reader for every year. A reader without a
 * database (a test's figures stated by hand) has no page.
 */
function ministryRows(reader: MartReader): Promise<{ rows: readonly IndicatorRow[]; populations: Readonly<Record<string, string>> }> {
  let loaded = pageRows.get(reader);
  if (!loaded) {
    const db = reader.db as Db | undefined;
    // one after the other: one connection
    const read = async (on: Db) => ({ rows: await loadIndicatorRows(on, { indicators: MINISTRY_YEAR, grain: 'year' }), populations: await loadPopulations(on) });
    loaded = db ? read(db) : Promise.resolve({ rows: [], populations: {} });
    pageRows.set(reader, loaded);
  }
  return loaded;
}

/** `withModels` false: only the page's cells are wanted (the returns' own lines the page does not reach are left out). */
async function solve(reader: MartReader, ctx: ReturnContext, withModels = true): Promise<PublicYear> {
  const assembled = [];
  for (const layout of PUBLIC_RETURNS) assembled.push(await assembleFigures(reader, layout, ctx));
  const { rows: allYears, populations } = await ministryRows(reader);
  const rows = allYears.filter((r) => r.yr === ctx.year);

  const figures = new Map<string, FigureInput>();
  const lines: Line[] = [];
  const dependents: Dependent[] = [];
  for (const { model, dependents: deps } of assembled) {
    model.figures.forEach((f, k) => figures.has(k) || figures.set(k, f));
    // one by one: spread into push, 10^7 participations' lines overflowed the call stack
    for (const l of model.lines) lines.push(l);
    for (const d of deps) dependents.push(d);
  }
  const page = await pageFigures(reader.db as Db | undefined, ctx.year, (indicator, field) => {
    const suffix = pickSuffix({ indicator, field }, ctx.period);
    return (measure) => {
      const key = suffixedKey('measure', measure, suffix);
      const figure = figures.get(key);
      return figure ? { key, value: figure.value } : undefined;
    };
  });
  page.figures.forEach((f, k) => figures.set(k, f));
  // Only the lines the page's cells reach can change: the rest keep the returns' own pattern
  // (at 10^6 participations about half the lines; the rounds below run over these alone).
  // Lines that share no cell are suppressed independently, so each part is worked out alone,
  // and the rest only where the returns are written.
  const joint = linesReaching([...lines, ...page.lines], isPageKey);
  const inJoint = new Set(joint);
  const rest = lines.filter((l) => !inJoint.has(l));
  // the rest first: a zero its lines give back is shown (applySuppression), and the runs below,
  // which start from every primary figure, must not hide it again
  const restHidden = withModels ? applySuppression(figures, rest, dependents, ctx.threshold) : new Map<string, HiddenKind>();
  // (the index applySuppression made of the same lines: every cell once)
  if (withModels) for (const k of indexLines(rest).keys) showZero(figures, k, restHidden);
  // the returns' own pattern: what they give away of the page is judged by what they show
  let hidden = applySuppression(figures, joint.filter((l) => inReturns(l)), dependents, ctx.threshold);
  for (const [k, kind] of restHidden) if (!hidden.has(k)) hidden.set(k, kind);

  // A hidden page figure that the returns add up to protects nothing: the reader knows it,
  // so where it was a complement another cell must do (never one of these). A small one
  // stays a cell to protect (the returns must not give it). Judged once, by the returns'
  // own pattern: they only hide more later, so a cell taken as known may be less known —
  // which protects more, never less.
  const notSmall = (k: string) => !isSmallCount(figures.get(k)?.value, ctx.threshold);
  const known = revealed(joint, figures, hidden, [...page.figures.keys()].filter(notSmall));
  const forced = new Set<string>();
  // each round forces at least one more page cell, so this ends
  for (;;) {
    const tables = ministryYearTables(rows, populations, ctx.threshold, forced);
    const initial = new Map([...hidden].filter(([k]) => !known.has(k)));
    for (const r of tables) if (r.s === 1 || r.c === 1) for (const key of page.keysOf(r)) if (!initial.has(key) && !known.has(key)) initial.set(key, 'complement');
    hidden = applySuppression(figures, joint, dependents, ctx.threshold, initial, known);
    const more = tables.filter((r) => r.s !== 1 && r.c !== 1 && page.keysOf(r).some((k) => hidden.has(k)));
    if (!more.length) break;
    for (const r of more) forced.add(pageCellKey(r));
  }
  for (const { model } of assembled) {
    model.figures.forEach((f, k) => {
      const kind = hidden.get(k);
      if (kind) f.hidden = kind;
    });
  }
  const pageKeys = (tables: readonly TableRow[]) => tables.filter((r) => r.s === 1 || r.c === 1).flatMap((r) => page.keysOf(r));
  const audit = () => ({
    figures,
    lines: [...lines, ...page.lines],
    hidden: new Set([...[...hidden.keys()].filter((k) => !isPageKey(k)), ...pageKeys(ministryYearTables(rows, populations, ctx.threshold, forced))]),
    pageApart: new Set(pageKeys(ministryYearTables(rows, populations, ctx.threshold))),
    joint: new Set(hidden.keys()),
  });
  return { returns: new Map(assembled.map(({ model }) => [model.layout.id, model])), pageForced: forced, audit };
}
