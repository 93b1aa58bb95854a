/**
 * Monthly trend patterns: one rate with interval band, provisional months and its
 * denominator underneath; several rates in one chart. A hidden month is marked in a strip
 * under the value range (hidden-strip.ts): left blank it read as a month without data, a
 * missing bar as 0, a "•" on the baseline as a real 0 %.
 */
import { hiddenNote } from '../labels.ts';
import { COLOURS } from '../theme.ts';
import { type ChartContext, type ChartDef, type VlSpec, chart, COUNT_AXIS, COUNT_SCALE, filterBy, filterParams, labelLookup, MONTH_TOOLTIP, MONTH_X, PERCENT_AXIS, provisionalBar, RATE_SCALE, provisionalFill, rateTooltip, seriesDash, seriesShape, statusFields, WIDTH } from './kit.ts';
import { hiddenStrip, STRIP_PX, stripMark, valueRange } from './hidden-strip.ts';
import { rateExtent } from './rate-extent.ts';
import type { Common } from './patterns.ts';

/** Provisional months: hollow points and a rule with "vorläufig" at the first one. */
function provisionalLayers(y: VlSpec): VlSpec[] {
  return [
    {
      // the first provisional month (the rows of one series are in month order)
      transform: [{ filter: 'datum.p === 1' }, { window: [{ op: 'row_number', as: 'rank' }], sort: [{ field: 'per' }] }, { filter: 'datum.rank === 1' }],
      layer: [
        { mark: { type: 'rule', color: COLOURS.muted, strokeDash: [4, 3] }, encoding: { x: MONTH_X } },
        // just above the plot, never on the data: inside it, a rate near the top (attendance
        // ~88 %) ran through the label
        { mark: { type: 'text', align: 'left', dx: 4, baseline: 'bottom', y: -3, color: COLOURS.muted, text: 'vorläufig →' }, encoding: { x: MONTH_X } },
      ],
    },
    {
      transform: [{ filter: 'datum.p === 1 && isValid(datum.v)' }],
      mark: { type: 'point', filled: false, fill: 'white', fillOpacity: 1, stroke: COLOURS.primary, size: 45, strokeWidth: 1.5 },
      encoding: { x: MONTH_X, y, tooltip: rateTooltip([MONTH_TOOLTIP]) },
    },
  ];
}

/** Hidden rows of a plot of `height` in its strip, at their month (x: the month encoding of the plot). */
export function hiddenMarkLayers(x: VlSpec, height: number, extraTooltip: VlSpec[] = [], series?: { colour: VlSpec & { field: string; scale: { domain: string[] } }; names: string[] }, key?: string): VlSpec[] {
  return hiddenStrip({
    x,
    height,
    ...(key ? { key } : {}),
    tooltip: [MONTH_TOOLTIP, ...extraTooltip, { field: 'status', title: 'Status' }],
    // several series hidden in one month: one lane of the strip each, in the series' colour and shape
    ...(series ? { colour: series.colour, lanes: { channel: 'yOffset', field: 'label', domain: series.names } } : {}),
  });
}

/**
 * The subtitle of a chart that may mark hidden figures, with the key to the mark in the words
 * of the page's suppression; `series` for a chart whose strip marks them in its series' signs (stripMark).
 */
export function withHiddenNote(ctx: Pick<ChartContext, 'suppression'>, subtitle: string | undefined, series?: string): string {
  const note = hiddenNote(ctx.suppression, stripMark(series));
  return subtitle ? `${subtitle}; ${note}` : note;
}

/**
 * A monthly rate: line, 95 % band, provisional marking; denominator bars below, read from
 * the 'denominators' dataset (a denominator is hidden only when it is small itself).
 */
const RATE_HEIGHT = 200;
// the bars keep their 50 px above the strip of hidden denominators (all 68 when nothing is hidden)
const DENOMINATOR_HEIGHT = 50 + STRIP_PX;

export function rateTrend(ctx: ChartContext, c: Common & { indicator: string; denominatorTitle: string; valueTitle: string }): ChartDef {
  // the domain on one layer only (rateExtent): the same `unionWith` on several layers made
  // vega-lite warn about conflicting domains in the browser's console
  const y = { field: 'v', type: 'quantitative', title: c.valueTitle, axis: PERCENT_AXIS };
  const rows = (dataset: string) => ({
    data: { name: dataset },
    transform: [{ filter: `datum.ind === '${c.indicator}' && datum.br === '*'` }, ...filterBy(c.filters, 'window'), ...statusFields(ctx)],
  });
  const barX = { ...MONTH_X, axis: { format: '%b %Y', labelAngle: 0, tickCount: 6, labels: false } };
  return chart({
    id: c.id,
    period: 'months',
    title: c.title,
    subtitle: withHiddenNote(ctx, c.subtitle),
    description: c.description,
    datasets: [c.dataset, 'denominators'],
    // a month's rate, its hidden mark and its denominator bar are one row
    table: { key: ['Monat'], order: 'x' },
    body: {
      params: filterParams(ctx, c.filters),
      vconcat: [
        {
          ...rows(c.dataset),
          width: WIDTH,
          height: RATE_HEIGHT,
          layer: [
            // the axis holds the bands too (a month of few exits: 0–43 %); cut at the plot's
            // edge all the same, should a band ever pass it
            rateExtent('y', { ...RATE_SCALE, range: valueRange(RATE_HEIGHT, 'rate') }),
            { mark: { type: 'area', opacity: 0.35, color: COLOURS.band, clip: true }, encoding: { x: MONTH_X, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
            // a month between months without a rate has no band to draw (an area needs two
            // points): its interval as a bar, or the least certain rates looked the most certain
            {
              transform: [
                { filter: 'isValid(datum.lo) && isValid(datum.hi)' },
                { calculate: 'utcyear(toDate(datum.date)) * 12 + utcmonth(toDate(datum.date))', as: 'mi' },
                { window: [{ op: 'lag', field: 'mi', as: 'mi_prev' }, { op: 'lead', field: 'mi', as: 'mi_next' }], sort: [{ field: 'mi', order: 'ascending' }] },
                { filter: 'datum.mi_prev !== datum.mi - 1 && datum.mi_next !== datum.mi + 1' },
              ],
              mark: { type: 'rule', color: COLOURS.band, opacity: 0.6, strokeWidth: 6, clip: true },
              encoding: { x: MONTH_X, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
            },
            { mark: { type: 'line', color: COLOURS.primary }, encoding: { x: MONTH_X, y } },
            {
              transform: [{ filter: 'datum.p === 0 && isValid(datum.v)' }],
              mark: { type: 'point', filled: true, color: COLOURS.primary },
              encoding: { x: MONTH_X, y, tooltip: rateTooltip([MONTH_TOOLTIP]) },
            },
            ...provisionalLayers(y),
            ...hiddenMarkLayers(MONTH_X, RATE_HEIGHT, [], undefined, 'rate'),
          ],
        },
        {
          ...rows('denominators'),
          width: WIDTH,
          height: DENOMINATOR_HEIGHT,
          encoding: { x: barX },
          layer: [
            {
              mark: { type: 'bar', color: COLOURS.muted },
              encoding: {
                y: { field: 'd', type: 'quantitative', title: c.denominatorTitle, axis: { ...COUNT_AXIS, tickCount: 2 }, scale: { ...COUNT_SCALE, range: valueRange(DENOMINATOR_HEIGHT, 'denominators') } },
                // provisional months lighter and dashed, as in the other bar charts
                ...provisionalBar({ value: COLOURS.muted }),
                tooltip: [MONTH_TOOLTIP, { field: 'd', type: 'quantitative', title: c.denominatorTitle, format: ',.0f' }, { field: 'status', title: 'Status' }],
              },
            },
            // a bar spans its month: a hidden month's mark in the middle of its slot, where the
            // bar would be (at the month's start it stood under the previous month's bar)
            ...hiddenMarkLayers({ ...barX, bandPosition: 0.5 }, DENOMINATOR_HEIGHT, [], undefined, 'denominators'),
          ],
        },
      ],
      resolve: { scale: { x: 'shared' } },
    },
  });
}

const MULTI_HEIGHT = 220;

/** Several monthly series in one chart (e.g. activation rates); colour = indicator. */
export function multiRateTrend(ctx: ChartContext, c: Common & { indicators: Record<string, string> }): ChartDef {
  const y = { field: 'v', type: 'quantitative', title: 'Quote', axis: PERCENT_AXIS };
  // the domain fixed, so colour, stroke and fill agree when a series has no value
  // the legend in one column: the series' names are long, and two side by side made the
  // chart too wide for half a 1,366 px screen
  const color = { field: 'label', type: 'nominal', title: null, scale: { domain: Object.values(c.indicators) }, legend: { columns: 1 } };
  const names = Object.keys(c.indicators).map((k) => `'${k}'`).join(',');
  return chart({
    id: c.id,
    period: 'months',
    title: c.title,
    subtitle: withHiddenNote(ctx, c.subtitle, 'einer Kennzahl'),
    description: c.description,
    datasets: [c.dataset],
    table: { key: ['Monat', 'Kennzahl'], order: 'x' },
    body: {
      width: WIDTH,
      height: MULTI_HEIGHT,
      params: filterParams(ctx, c.filters),
      data: { name: c.dataset },
      transform: [{ filter: `indexof([${names}], datum.ind) >= 0 && datum.br === '*'` }, ...filterBy(c.filters, 'window'), ...statusFields(ctx), ...labelLookup('ind', c.indicators)],
      layer: [
        // series differ in dash and point shape too, not only in hue
        // the domain on the line layer only (see rateTrend)
        { mark: { type: 'line' }, encoding: { x: MONTH_X, y: { ...y, scale: { ...RATE_SCALE, range: valueRange(MULTI_HEIGHT) } }, color, strokeDash: seriesDash(color) } },
        {
          mark: { type: 'point', filled: true, strokeWidth: 1.5 },
          encoding: {
            x: MONTH_X,
            y,
            // no `legend: null` here: Vega-Lite merges the legends of colour, stroke and fill
            // on one field, and a null on any of them removed the one legend of the chart
            stroke: color,
            fill: provisionalFill(color),
            shape: seriesShape(color),
            tooltip: rateTooltip([{ field: 'label', title: 'Kennzahl' }, MONTH_TOOLTIP]),
          },
        },
        // a hidden month of a series: its point shape in the series' colour and lane (a gap alone read as no data)
        ...hiddenMarkLayers(MONTH_X, MULTI_HEIGHT, [{ field: 'label', title: 'Kennzahl' }], { colour: color, names: Object.values(c.indicators) }),
      ],
    },
  });
}
