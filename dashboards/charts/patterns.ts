/**
 * Chart patterns used by several dashboards: shares by code as bars, rates by group with
 * intervals, and a table with coloured cells (monthly trends: trends.ts). Each returns a
 * whole ChartDef.
 */
import { COLOURS } from '../theme.ts';
import {
  type ChartContext,
  type ChartDef,
  type FilterKey,
  type VlSpec,
  chart,
  filterBy,
  filterParams,
  labelLookup,
  byLabelOrder,
  PERCENT_AXIS,
  RATE_SCALE,
  provisionalBar,
  PROVISIONAL_SUFFIX,
  provisionalFill,
  rateTooltip,
  seriesShape,
  statusFields,
  WIDTH,
} from './kit.ts';
import { rateExtent } from './rate-extent.ts';

export interface Common {
  id: string;
  title: string;
  subtitle?: string;
  description: string;
  dataset: string;
  filters: FilterKey[];
}

/** Shares or rates by a code (phase, reason, goal) as horizontal bars with intervals. */
export function codeBars(
  ctx: ChartContext,
  c: Common & { indicator: string | string[]; codes: Record<string, string>; sortByValue?: boolean; codeTitle: string },
): ChartDef {
  // One indicator split by breakdown code, or several indicators side by side (code = id).
  const byIndicator = Array.isArray(c.indicator);
  const codeField = byIndicator ? 'ind' : 'br';
  const rowFilter = byIndicator
    ? `indexof(${JSON.stringify(c.indicator)}, datum.ind) >= 0 && datum.br === '*'`
    : `datum.ind === '${c.indicator}' && datum.br !== '*'`;
  const order = Object.values(c.codes);
  // By value: largest first, then hidden codes (no value) last, ties and hidden ones in
  // German label order — sorting on v alone left the hidden ones in English code order.
  const germanOrder = Object.keys(c.codes).sort((a, b) => c.codes[a]!.localeCompare(c.codes[b]!, 'de'));
  const byValue = [
    { calculate: `isValid(datum.v) ? datum.v : -1`, as: 'sort_value' },
    // a code without a label after all labelled ones
    { calculate: `indexof(${JSON.stringify(germanOrder)}, datum.${codeField})`, as: 'german_order' },
    { calculate: `datum.german_order < 0 ? ${germanOrder.length} : datum.german_order`, as: 'german_order' },
    { window: [{ op: 'row_number', as: 'sort_rank' }], sort: [{ field: 'sort_value', order: 'descending' }, { field: 'german_order', order: 'ascending' }] },
  ];
  const sort = c.sortByValue ? { field: 'sort_rank', op: 'min', order: 'ascending' } : order;
  const yEnc = { field: 'label', type: 'nominal', title: null, sort, axis: { labelLimit: 300 } };
  const x = { field: 'v', type: 'quantitative', title: 'Anteil', axis: PERCENT_AXIS, scale: { domain: [0, 1] } };
  const tooltip = rateTooltip([{ field: 'label', title: c.codeTitle }], 'Anteil');
  return chart({
    id: c.id,
    title: c.title,
    subtitle: c.subtitle,
    description: c.description,
    datasets: [c.dataset],
    table: { key: [c.codeTitle], order: 'y' },
    body: {
      width: WIDTH - 180,
      params: filterParams(ctx, c.filters),
      data: { name: c.dataset },
      transform: [
        { filter: rowFilter },
        ...filterBy(c.filters),
        ...statusFields(ctx),
        ...labelLookup(codeField, c.codes),
        ...(c.sortByValue ? byValue : []),
        // one decimal: 197 of 41,817 reads '0,5 %', not '0 %'
        { calculate: `isValid(datum.v) ? format(datum.v, '.1%') + ' (' + format(datum.n, ',.0f') + ' von ' + format(datum.d, ',.0f') + ')' + ${PROVISIONAL_SUFFIX} : '• unterdrückt'`, as: 'text' },
      ],
      encoding: { y: yEnc },
      layer: [
        {
          mark: { type: 'bar', color: COLOURS.primary, height: { band: 0.7 } },
          encoding: { x, ...provisionalBar({ value: COLOURS.primary }), tooltip },
        },
        { mark: { type: 'rule', color: '#1a1a1a' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
        // the label carries the tooltip too: a hidden share has a label but no bar
        { mark: { type: 'text', align: 'left', dx: 4, x: WIDTH - 180 }, encoding: { text: { field: 'text' }, tooltip } },
      ],
    },
  });
}

/** One rate by group (Jobcenter, instrument, indicator): dots with 95 % intervals. */
export function groupRates(
  ctx: ChartContext,
  c: Common & { indicators: Record<string, string>; groupField: string; groupLabels: Record<string, string>; groupTitle: string; excludeTotal?: boolean },
): ChartDef {
  const names = Object.keys(c.indicators).map((k) => `'${k}'`).join(',');
  const multi = Object.keys(c.indicators).length > 1;
  const x = { field: 'v', type: 'quantitative', title: 'Quote', axis: PERCENT_AXIS };
  // the domain fixed, so an indicator keeps its colour when another has no value; the legend
  // in one column, as the activation rates': two of these long names side by side made the
  // card too wide for half a 1,366 px screen
  const seriesColour = { field: 'kennzahl', type: 'nominal', title: null, scale: { domain: Object.values(c.indicators) }, legend: { columns: 1 } };
  return chart({
    id: c.id,
    title: c.title,
    subtitle: c.subtitle ? `${c.subtitle}; hohle Punkte: vorläufig` : 'Hohle Punkte: vorläufig',
    description: c.description,
    datasets: [c.dataset],
    table: { key: [c.groupTitle, 'Kennzahl'], order: 'y' },
    body: {
      width: WIDTH - 120,
      // one band per group, thin rows inside when several indicators share it; the step
      // is the group's ('position'): by default Vega-Lite applies it to each offset row,
      // which made the ESF+ chart 115 px per Jobcenter (4,800 px tall at 40 Jobcenters)
      height: multi ? { step: 36, for: 'position' } : { step: 18 },
      params: filterParams(ctx, c.filters),
      data: { name: c.dataset },
      transform: [
        { filter: `indexof([${names}], datum.ind) >= 0 && datum.br === '*'${c.excludeTotal ? ` && datum.${c.groupField} !== '*'` : ''}` },
        ...filterBy(c.filters),
        ...statusFields(ctx),
        ...labelLookup(c.groupField, c.groupLabels, 'group'),
        ...labelLookup('ind', c.indicators, 'kennzahl'),
      ],
      encoding: {
        // instrument names run to 53 characters ('16h – Förderung schwer zu erreichender junger
        // Menschen', ~320 px): the default limit (180 px), and then 300 px, cut them mid-word
        y: { field: 'group', type: 'nominal', title: null, sort: byLabelOrder('group'), axis: { labelLimit: 340 } },
        ...(multi ? { yOffset: { field: 'kennzahl', type: 'nominal', sort: Object.values(c.indicators) } } : {}),
      },
      layer: [
        // the axis holds the intervals (rate-extent.ts): cut at the plot's edge, an interval's end could not be seen
        rateExtent('x', RATE_SCALE, multi ? { yOffset: { value: 0 } } : {}),
        {
          mark: { type: 'rule', strokeWidth: 1.5, clip: true },
          encoding: {
            x: { field: 'lo', type: 'quantitative' },
            x2: { field: 'hi' },
            ...(multi ? { color: seriesColour } : { color: { value: COLOURS.band } }),
          },
        },
        {
          mark: { type: 'point', filled: true, size: 60, strokeWidth: 1.5 },
          encoding: {
            x,
            // stroke and fill on one field merge into the one legend (see multiRateTrend)
            // several indicators differ in point shape too, not only in hue
            ...(multi
              ? { stroke: seriesColour, fill: provisionalFill(seriesColour), shape: seriesShape(seriesColour) }
              : { stroke: { value: COLOURS.primary }, fill: provisionalFill({ value: COLOURS.primary }) }),
            tooltip: rateTooltip([{ field: 'group', title: c.groupTitle }, { field: 'kennzahl', title: 'Kennzahl' }]),
          },
        },
        {
          // a hidden figure says so in its row instead of leaving it blank
          transform: [{ filter: 'datum.s === 1 || datum.c === 1' }],
          mark: { type: 'text', align: 'left', dx: 2, fontSize: 10 },
          encoding: {
            x: { datum: 0, type: 'quantitative' },
            text: { value: '• unterdrückt' },
            ...(multi ? { color: seriesColour } : { color: { value: COLOURS.muted } }),
            tooltip: [{ field: 'group', title: c.groupTitle }, { field: 'kennzahl', title: 'Kennzahl' }, { field: 'status', title: 'Status' }],
          },
        },
      ],
    },
  });
}

/** A table drawn as coloured cells: value text plus its denominator; hidden cells show "•". */
export function heatTable(
  ctx: ChartContext,
  c: Common & {
    indicators: Record<string, string>;
    rowField: string;
    rowLabels: Record<string, string>;
    rowTitle: string;
    colField: 'ind' | 'ins';
    colLabels: Record<string, string>;
    count?: boolean;
    /** The unit of a denominator that is not a count of cases, by indicator ('Platztage'). */
    denominatorUnits?: Record<string, string>;
    /** More about a row in its tooltip (a measure's provider by name): the fields and the transforms that make them. */
    rowDetail?: { transform: VlSpec[]; tooltip: VlSpec[] };
  },
): ChartDef {
  const names = Object.keys(c.indicators).map((k) => `'${k}'`).join(',');
  const valueText = c.count
    ? `isValid(datum.n) ? format(datum.n, ',.0f') : '•'`
    : `isValid(datum.v) ? format(datum.v, '.1%') : '•'`;
  // a second line under the value: the denominator of a rate, "vorl." for provisional figures
  const provisional = `(datum.p === 1 && (isValid(datum.n) || isValid(datum.v)) ? 'vorl.' : '')`;
  const units = JSON.stringify(c.denominatorUnits ?? {});
  const denominatorText = c.count
    ? provisional
    : `(isValid(datum.d) ? (isValid(${units}[datum.ind]) ? format(datum.d, ',.0f') + ' ' + ${units}[datum.ind] : 'n = ' + format(datum.d, ',.0f')) + ' ' : '') + ${provisional}`;
  const colTitle = c.colField === 'ind' ? 'Kennzahl' : 'Instrument';
  const rowTooltip = [{ field: 'row', title: c.rowTitle }, ...(c.rowDetail?.tooltip ?? [])];
  const tooltip = c.count
    ? [...rowTooltip, { field: 'col', title: colTitle }, { field: 'count_text', title: 'Anzahl' }, { field: 'status', title: 'Status' }]
    : rateTooltip([...rowTooltip, { field: 'col', title: colTitle }]);
  return chart({
    id: c.id,
    title: c.title,
    subtitle: c.subtitle ? `${c.subtitle}; vorl. = vorläufig` : 'vorl. = vorläufig',
    description: c.description,
    datasets: [c.dataset],
    table: { key: [c.rowTitle, colTitle], order: 'y' },
    body: {
      params: filterParams(ctx, c.filters),
      data: { name: c.dataset },
      transform: [
        { filter: `indexof([${names}], datum.ind) >= 0 && datum.br === '*'` },
        ...filterBy(c.filters),
        ...statusFields(ctx),
        ...labelLookup(c.rowField, c.rowLabels, 'row'),
        ...labelLookup(c.colField, c.colLabels, 'col'),
        ...(c.rowDetail?.transform ?? []),
        { calculate: valueText, as: 'value_text' },
        { calculate: denominatorText, as: 'den_text' },
        // the tooltip's count as text: a hidden cell's rect carries a tooltip too, and a
        // number format showed its missing count as "Anzahl: null"
        ...(c.count ? [{ calculate: `isValid(datum.n) ? format(datum.n, ',.0f') : '• unterdrückt'`, as: 'count_text' }] : []),
      ],
      // a count table of 12 columns at 95 px was wider than a 1,366 px screen (the Summe column and the menu after a sideways scroll)
      width: { step: c.count ? 78 : 110 },
      height: { step: 34 },
      encoding: {
        x: { field: 'col', type: 'nominal', title: null, sort: Object.values(c.colLabels), axis: { orient: 'top', labelAngle: -30, labelAlign: 'left', labelLimit: 320 } },
        // row labels name a measure with its instrument and provider (~35 characters): the
        // default limit (180 px) cut the provider's number
        // maxExtent: Vega places the title at most 200 px out (its default) and drew it across
        // labels of up to 320 px ("01411-0002 · 45_MAG · Träger 002275")
        y: { field: 'row', type: 'nominal', title: c.rowTitle, sort: byLabelOrder('row'), axis: { labelLimit: 320, maxExtent: 340 } },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
          encoding: {
            color: c.count
              ? { value: '#eef3f8' }
              : // the lighter 60 % of the blues only: dark text keeps 5:1 on every cell (white
                // text on the middle blues had 3:1, dark grey 2.5:1)
                { field: 'v', type: 'quantitative', title: 'Quote', scale: { scheme: { name: 'blues', extent: [0, 0.6] }, domain: [0, 1] }, legend: { format: '.0%' } },
            tooltip,
          },
        },
        {
          mark: { type: 'text', baseline: 'middle', dy: -6, fontWeight: 'bold' },
          encoding: {
            // a hidden rate has its "•" but no coloured cell: the text carries the tooltip
            tooltip,
            text: { field: 'value_text' },
            color: { value: '#1a1a1a' },
          },
        },
        {
          mark: { type: 'text', baseline: 'middle', dy: 8, fontSize: 9 },
          encoding: { text: { field: 'den_text' }, color: { value: '#1a1a1a' } },
        },
      ],
    },
  });
}
