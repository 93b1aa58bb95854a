/**
 * The ministry page's yearly cells as figures of the joint suppression (public-year.ts):
 * each numerator, denominator or count of a Jobcenter × instrument cell and of its totals,
 * the page's row and column lines, and per Jobcenter × instrument cell a line over the
 * public returns' rows of its measures. True values, read here and never written anywhere.
 */
import type { Db } from '../../pipelines/db/database.ts';
import type { FigureInput, Line } from '../../pipelines/publish/suppression.ts';
import { MINISTRY_YEAR } from '../../dashboards/data/source.ts';
import { groupBy } from '../../pipelines/group-by.ts';

type Field = 'numerator' | 'denominator' | 'value';

/** Per indicator and field: a measure's figure in a public return, if one shows it (its key and value). */
export type PublishedRow = (indicator: string, field: Field) => (measure: string) => { key: string; value: number | null } | undefined;

export interface PageFigures {
  readonly figures: Map<string, FigureInput>;
  readonly lines: Line[];
  /** The figure keys of a page row (its numerator and denominator, or its count). */
  keysOf(r: { ind: string; jc: string; ins: string }): string[];
}

type CellRow = {
  ind: string;
  jc: string;
  ins: string;
  n: number | null;
  d: number | null;
  v: number | null;
};

const ALL = '*';
const PREFIX = 'page|';

export function isPageKey(key: string): boolean {
  return key.startsWith(PREFIX);
}

/** `db` undefined: no page (a test's figures stated by hand). */
export async function pageFigures(db: Db | undefined, year: string, published: PublishedRow): Promise<PageFigures> {
  if (!db) return { figures: new Map(), lines: [], keysOf: () => [] };
  const cells = await db.json<CellRow>(
    `SELECT indicator AS ind, jobcenter_id AS jc, instrument AS ins, numerator AS n, denominator AS d, value AS v
     FROM mart.indicator_values
     WHERE period_type = 'year' AND period = $year AND provider_id = '*' AND measure_id = '*' AND breakdown = '*'
       AND list_contains(string_split($indicators, ','), indicator)`,
    { year, indicators: MINISTRY_YEAR.join(',') },
  );
  // `public`: of a funding that a public return shows (the others are never asked for: at 10^6
  // participations asking for every measure of every cell took a second a year)
  const measures = await db.json<{ m: string; jc: string; ins: string; public: boolean }>(
    "SELECT measure_id AS m, jobcenter_id AS jc, instrument AS ins, funding IN ('state', 'esf') AS public FROM mart.return_measures WHERE list_contains(years, $year)",
    { year },
  );
  const isRate = new Set(cells.filter((c) => c.d !== null).map((c) => c.ind));
  const fieldsOf = (ind: string): Field[] => (isRate.has(ind) ? ['numerator', 'denominator'] : ['value']);
  const keyOf = (ind: string, field: Field, jc: string, ins: string): string => `${PREFIX}${ind}|${field}|${jc}|${ins}`;
  const figures = new Map<string, FigureInput>();
  for (const c of cells) {
    for (const field of fieldsOf(c.ind)) {
      const value = field === 'numerator' ? c.n : field === 'denominator' ? c.d : (c.v ?? c.n);
      figures.set(keyOf(c.ind, field, c.jc, c.ins), { value: value === null ? null : Number(value), primary: false });
    }
  }
  const valueOf = (key: string): number | null => figures.get(key)?.value ?? null;

  const lines: Line[] = [];
  // A line as the data has it: one that does not add up (it should) is kept as a bound when
  // its parts stay under the total, else left out — a wrong sum would mislead the search.
  const push = (total: string, parts: { key: string; value: number | null }[], bound: boolean): void => {
    if (!parts.length) return;
    const t = valueOf(total);
    const sum = parts.reduce((n, p) => n + (p.value ?? 0), 0);
    if (t === null || sum > t) return;
    lines.push({ total, parts: parts.map((p) => p.key), ...(bound || sum !== t ? { bound: true } : {}) });
  };
  const byIndicator = groupBy(cells, (c) => c.ind);
  const measuresOf = groupBy(measures, (m) => `${m.jc}\u0000${m.ins}`);
  for (const [ind, rows] of byIndicator) {
    for (const field of fieldsOf(ind)) {
      const part = (jc: string, ins: string) => ({ key: keyOf(ind, field, jc, ins), value: valueOf(keyOf(ind, field, jc, ins)) });
      const shownOf = published(ind, field);
      const jcs = [...new Set(rows.map((r) => r.jc))];
      const instruments = [...new Set(rows.map((r) => r.ins))];
      const has = new Set(rows.map((r) => `${r.jc}\u0000${r.ins}`));
      const present = (jc: string, ins: string) => has.has(`${jc}\u0000${ins}`);
      // rows (a Jobcenter or the Land over the instruments) and columns (an instrument over the Jobcenters)
      for (const jc of jcs) if (present(jc, ALL)) push(keyOf(ind, field, jc, ALL), instruments.filter((i) => i !== ALL && present(jc, i)).map((i) => part(jc, i)), false);
      for (const ins of instruments) if (present(ALL, ins)) push(keyOf(ind, field, ALL, ins), jcs.filter((j) => j !== ALL && present(j, ins)).map((j) => part(j, ins)), false);
      // a Jobcenter × instrument cell over the public returns' rows of its measures
      for (const r of rows) {
        if (r.jc === ALL || r.ins === ALL) continue;
        const inGroup = measuresOf.get(`${r.jc}\u0000${r.ins}`) ?? [];
        const shown = inGroup.flatMap((m) => (m.public ? (shownOf(m.m) ?? []) : []));
        push(keyOf(ind, field, r.jc, r.ins), shown, shown.length < inGroup.length);
      }
    }
  }
  return {
    figures,
    lines,
    keysOf: (r) => fieldsOf(r.ind).map((f) => keyOf(r.ind, f, r.jc, r.ins)).filter((k) => figures.has(k)),
  };
}
