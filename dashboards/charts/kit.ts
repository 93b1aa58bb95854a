/**
 * Building blocks shared by the chart specs: the chart envelope (title, description,
 * theme), the filter params bound to the page's select inputs, tooltips with numerator,
 * denominator and interval, and the status of a row (final, provisional, suppressed).
 * Only display formatting happens here; every figure is read from the embedded rows.
 */
import { type CodeLabels, HIDDEN_STATUS, type Suppression } from '../labels.ts';
import { COLOURS, THEME } from '../theme.ts';

export type VlSpec = Record<string, unknown>;
export type FilterKey = 'jc' | 'year' | 'instr';

/** How the filters of one dashboard page are set up. */
export interface ChartContext {
  /** Filters that have a select input on the page (others are fixed to their default). */
  readonly bound: ReadonlySet<FilterKey>;
  readonly defaults: Readonly<Record<FilterKey, string>>;
  /** Labels of codes, from the reference tables, and the disclosure threshold the texts name. */
  readonly labels: CodeLabels;
  /** What the page hides, as a hidden figure's status names it (default: small figures only). */
  readonly suppression?: Suppression;
}

/**
 * Which time a chart shows in its default view, for the caption of its exports: the
 * selected year, the months of the three years up to it, every year, the stock on the
 * as-of date, or all entries up to it (retention curves).
 */
export type ChartPeriod = 'year' | 'months' | 'years' | 'as-of' | 'entries';

/**
 * How a chart's figures read as a table, its text alternative for screen readers and
 * keyboard users (a tooltip needs a mouse): the rows are the tooltips of the drawn marks,
 * so the table says what hovering says, in the same words and German formats, for the
 * current filters. Marks whose tooltips agree on the `key` titles are one row (a bar and
 * its label; a month's rate and its denominator bar).
 */
export interface ValueTable {
  /** Tooltip titles that name a row: its row headers. */
  readonly key: readonly string[];
  /** Reading order of the rows: along the x axis (months, years), down the y axis (bars, table rows), or as drawn. */
  readonly order: 'x' | 'y' | 'data';
}

export interface ChartDef {
  /** Stable id, used for export file names and element ids. */
  readonly id: string;
  readonly period: ChartPeriod;
  readonly title: string;
  readonly description: string;
  /** Names of the embedded datasets the spec reads. */
  readonly datasets: readonly string[];
  readonly spec: VlSpec;
  readonly table: ValueTable;
}

export const PARAM: Readonly<Record<FilterKey, string>> = { jc: 'f_jc', year: 'f_year', instr: 'f_instr' };
export const FILTER_ELEMENT: Readonly<Record<FilterKey, string>> = { jc: 'filter-jc', year: 'filter-year', instr: 'filter-instr' };

// Plot widths: two cards side by side on a 1,366 px laptop screen need each chart within
// about 587 px with its axis and value labels (at 560 every page was one column there, the
// right third empty). A chart of many series (Kaplan–Meier curves) takes a whole row at WIDE.
export const WIDTH = 400;
export const WIDE = 560;

/** The chart envelope: every spec has a title, a description (aria) and the one theme. */
export function chart(def: { id: string; title: string; subtitle?: string; description: string; datasets: string[]; period?: ChartPeriod; table: ValueTable; body: VlSpec }): ChartDef {
  const spec: VlSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // a long title in lines of 60 characters (about 480 px): on one line it set the chart's width
    title: def.subtitle ? { text: titleLines(def.title), subtitle: wrap(def.subtitle, 80) } : titleLines(def.title),
    description: def.description,
    config: THEME,
    ...def.body,
  };
  return { id: def.id, period: def.period ?? 'year', title: def.title, description: def.description, datasets: def.datasets, spec, table: def.table };
}

function titleLines(title: string): string | string[] {
  return title.length > 60 ? wrap(title, 60) : title;
}

/** Breaks a subtitle into lines, so a long one does not widen the chart. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  // "• = kleine Fallzahl": a legend entry's sign stays with its meaning
  for (const word of text.split(/(?<!=) (?!=)/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length + 1 <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Params for the filters a chart uses; bound ones listen to the page's select inputs. */
export function filterParams(ctx: ChartContext, keys: readonly FilterKey[]): VlSpec[] {
  return keys.map((key) => ({
    name: PARAM[key],
    value: ctx.defaults[key],
    ...(ctx.bound.has(key) ? { bind: { element: `#${FILTER_ELEMENT[key]}`, event: 'change' } } : {}),
  }));
}

/**
 * Filter expressions. Year: yearly rows show the selected year; monthly rows show the
 * three years up to the selected one, so a trend stays visible.
 */
export function filterBy(keys: readonly FilterKey[], yearMode: 'equal' | 'window' = 'equal'): VlSpec[] {
  const tests: string[] = [];
  if (keys.includes('jc')) tests.push(`datum.jc === ${PARAM.jc}`);
  if (keys.includes('instr')) tests.push(`datum.ins === ${PARAM.instr}`);
  if (keys.includes('year')) {
    tests.push(
      yearMode === 'equal'
        ? `datum.yr === ${PARAM.year}`
        : `toNumber(datum.yr) <= toNumber(${PARAM.year}) && toNumber(datum.yr) > toNumber(${PARAM.year}) - 3`,
    );
  }
  return tests.length ? [{ filter: tests.join(' && ') }] : [];
}

/** Display strings for tooltips: interval and status (a hidden figure's in the words of the page's suppression). */
export function statusFields(ctx: Pick<ChartContext, 'suppression'>): VlSpec[] {
  return [
    {
      calculate: `isValid(datum.lo) && isValid(datum.hi) ? format(datum.lo, '.1%') + ' – ' + format(datum.hi, '.1%') : '–'`,
      as: 'ki',
    },
    {
      // a hidden figure of a provisional period says both (the table merges a month's hidden
      // rate with its shown, provisional denominator under one status)
      calculate: `(datum.s === 1 || datum.c === 1 ? '${HIDDEN_STATUS[ctx.suppression ?? 'primary']}' + (datum.p === 1 ? ', vorläufig' : '') : datum.p === 1 ? 'vorläufig' : 'endgültig')`,
      as: 'status',
    },
    // rate, numerator and denominator as text: a hidden figure reads '–' (a tooltip field
    // with a format showed "null"), in the tooltip and in the chart's table alike
    { calculate: `isValid(datum.v) ? format(datum.v, '.1%') : '–'`, as: 'v_text' },
    { calculate: `isValid(datum.n) ? format(datum.n, ',.0f') : '–'`, as: 'n_text' },
    { calculate: `isValid(datum.d) ? format(datum.d, ',.0f') : '–'`, as: 'd_text' },
  ];
}

/**
 * Provisional figures say so where they are drawn, as the hollow points of the trends do:
 * PROVISIONAL_SUFFIX (an expression) ends a value label with "vorläufig", provisionalBar
 * draws a provisional bar lighter in a dashed outline, provisionalFill a provisional point hollow.
 */
export const PROVISIONAL_SUFFIX = `(datum.p === 1 ? ' · vorläufig' : '')`;
/**
 * A bar's encoding for the provisional flag, given the bar's colour as a stroke encoding: a
 * provisional bar's fill lighter, inside an outline in the bar's full colour, dashed. The pale
 * fill alone had 1.9–2.2:1 on white (WCAG 1.4.11 asks 3:1 of a bar) and told provisional from
 * final by lightness only (1.4.1): the outline keeps the bar's edge, its dash needs no colour.
 */
export function provisionalBar(colour: VlSpec): VlSpec {
  return {
    fillOpacity: { condition: { test: 'datum.p === 1', value: 0.45 }, value: 1 },
    stroke: colour,
    strokeWidth: { value: 1.5 },
    strokeDash: { condition: { test: 'datum.p === 1', value: [4, 2] }, value: [1, 0] },
  };
}
export function provisionalFill(colour: VlSpec): VlSpec {
  return { condition: { test: 'datum.p === 1', value: 'white' }, ...colour };
}

/** Tooltip of a rate; needs statusFields in the rows' transforms. */
export function rateTooltip(first: VlSpec[] = [], valueTitle = 'Quote'): VlSpec[] {
  return [
    ...first,
    { field: 'v_text', title: valueTitle },
    { field: 'n_text', title: 'Zähler' },
    { field: 'd_text', title: 'Nenner' },
    { field: 'ki', type: 'nominal', title: '95-%-Konfidenzintervall' },
    { field: 'status', type: 'nominal', title: 'Status' },
  ];
}

/**
 * Adds `<as>` (the label; the code itself where the map has none) and `<as>_order` (the
 * code's display position, see displayOrder) to each row, from a code → label map inlined
 * in the spec. Charts order coded rows with byLabelOrder(as), not with a list of labels:
 * Vega-Lite turns a sort list into one nested condition per entry, and Vega's expression
 * parser overflows the stack from about 1,000 entries — the measures, providers or
 * Jobcenters of a state.
 */
export function labelLookup(field: string, labels: Readonly<Record<string, string>>, as = 'label'): VlSpec[] {
  const values = displayOrder(labels).map((code, order) => ({ code, label: labels[code]!, order }));
  return [
    { lookup: field, from: { data: { values }, key: 'code', fields: ['label', 'order'] }, as: [`${as}_found`, `${as}_order`] },
    { calculate: `isValid(datum.${as}_found) ? datum.${as}_found : datum.${field}`, as },
    // codes without a label come last, as they did after a sort list; past any position, not
    // at the list's length: the pages of different Jobcenters then compile alike (page-spec.ts)
    { calculate: `isValid(datum.${as}_order) ? datum.${as}_order : ${UNLABELLED_LAST}`, as: `${as}_order` },
  ];
}

/** The display position of a code without a label: after every labelled one. */
const UNLABELLED_LAST = 1e9;

/** The sort of an axis whose field was labelled by labelLookup(…, as): display order. */
export function byLabelOrder(as: string): VlSpec {
  return { field: `${as}_order`, op: 'min' };
}

export const MONTH_X = {
  field: 'date',
  type: 'temporal',
  timeUnit: 'utcyearmonth',
  title: null,
  axis: { format: '%b %Y', labelAngle: 0, tickCount: 6 },
} as const;

export const MONTH_TOOLTIP = { field: 'date', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Monat', format: '%B %Y' } as const;

export const PERCENT_AXIS = { format: '.0%' } as const;
/**
 * Scales that stay an axis when every value shown is 0 or hidden: the domain [0, 0] put the
 * one tick ('0', '0 %') mid-axis, bars started from the middle and a hidden "•" on 0 % read
 * as a real 0 %. At least 0–10 % for a rate, 0–1 for a count.
 */
export const RATE_SCALE = { zero: true, domain: { unionWith: [0, 0.1] } } as const;
export const COUNT_SCALE = { zero: true, domain: { unionWith: [0, 1] } } as const;
/** A count axis: whole numbers only (0–1 would otherwise be ticked 0, 0,2, 0,4 …). */
export const COUNT_AXIS = { format: ',.0f', tickMinStep: 1 } as const;

/**
 * Display order of coded rows: the total ('*') first, then by code. Not Object.keys()
 * order: ids such as '10411' are integer-like keys, which objects enumerate before all others.
 */
export function displayOrder(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels).sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a.localeCompare(b)));
}

/**
 * Colour by instrument label with the domain fixed to every instrument in display order:
 * each instrument has the same colour in every chart and selection, and the colour, stroke
 * and fill scales of one chart agree even where one layer has no value for an instrument
 * (a scale derived from the data drops it, shifting every colour after it).
 */
export function instrumentColour(ctx: ChartContext): { field: string; type: 'nominal'; title: null; scale: { domain: string[]; range: string[] } } {
  const labels = ctx.labels.instruments;
  return { field: 'instrument', type: 'nominal', title: null, scale: { domain: displayOrder(labels).map((code) => labels[code]!), range: [...COLOURS.categories] } };
}

/**
 * Point shapes and line dashes of series, so that series differ in more than hue (WCAG
 * 1.4.1): 13 hues cannot be told apart by everyone, and several pairs of the palette
 * look alike with red-green colour blindness. Both scales take the colour's domain, so
 * Vega-Lite merges colour, shape and dash into the one legend.
 */
const STAR = 'M0,-1L0.24,-0.33L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12L-0.95,-0.31L-0.24,-0.33Z';
const HEXAGON = 'M0,-1L0.87,-0.5L0.87,0.5L0,1L-0.87,0.5L-0.87,-0.5Z';
// vega's 'wedge' and 'arrow' are slivers a reader could hardly see (the 11th instrument's
// point and legend entry): a bow tie and a pentagon of the others' area instead
const BOW_TIE = 'M-1,-0.8L0,-0.15L1,-0.8L1,0.8L0,0.15L-1,0.8Z';
const PENTAGON = 'M0,-1L0.95,-0.31L0.59,0.81L-0.59,0.81L-0.95,-0.31Z';
export const SERIES_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', STAR, 'triangle-right', HEXAGON, 'triangle-left', BOW_TIE, PENTAGON, 'triangle'];
// one dash per colour of the palette: with 6, the 7th to 12th of the Kaplan–Meier curves and
// of the portfolio's lines repeated the first six and were told apart by hue alone; each
// pattern repeats within 21 px, so the key's line sample shows it whole
/** The length of a legend's line sample for dashed series: every pattern below repeats within it. */
export const LEGEND_DASH_SAMPLE_PX = 22;

export const SERIES_DASHES = [
  [1, 0], [6, 3], [2, 2], [9, 3, 2, 3], [4, 4], [1, 3], [12, 3],
  [6, 2, 2, 2, 2, 2], [2, 6], [12, 3, 3, 3], [3, 2, 3, 6], [9, 2, 1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 6],
];

export function seriesShape(colour: { field: string; scale: { domain: string[] } }): VlSpec {
  return { field: colour.field, type: 'nominal', title: null, scale: { domain: colour.scale.domain, range: SERIES_SHAPES } };
}

export function seriesDash(colour: { field: string; scale: { domain: string[] } }): VlSpec {
  return { field: colour.field, type: 'nominal', title: null, scale: { domain: colour.scale.domain, range: SERIES_DASHES } };
}

/** Instruments with '*' shown as all; used by the instrument filter and legends. */
export function instrumentLabels(ctx: ChartContext): Record<string, string> {
  return { '*': 'Alle Instrumente', ...ctx.labels.instruments };
}

/** Providers by number and name ('001014 Stadtwerkstatt Darmstadt'), as field `traeger`; a provider without a name by its number. */
export function providerNames(ctx: ChartContext): VlSpec[] {
  return labelLookup('prv', ctx.labels.providers ?? {}, 'traeger');
}
