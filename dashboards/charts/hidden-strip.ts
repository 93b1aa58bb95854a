/**
 * Where a chart with a vertical value axis marks a hidden figure: in a strip under the value
 * range, labelled "unterdrückt", at the figure's x position and with no y value of its own.
 * A "•" on the 0 line read as a real 0 %, at the foot of a log axis as a cost of 1.000 €, a
 * few pixels above it (the activation rates) as 0,5 %: the value scale now ends above the
 * strip, so no marker stands where a value could be drawn.
 */
import { HIDDEN_MARK } from '../labels.ts';
import { COLOURS } from '../theme.ts';
import { seriesShape, type VlSpec } from './kit.ts';

/** The strip's height: a "•" of 14 px and the label beside it. */
export const STRIP_PX = 18;
/**
 * The strip's ground, set off from the plot: a ground, not a mark colour (the muted "•" keeps
 * 4.2:1 on it, above the 3:1 of WCAG 1.4.11 for graphics; the label stands on white).
 */
const STRIP_GROUND = '#f2f2f2';

/** The strip's label, beside its markers. */
const STRIP_LABEL = 'unterdrückt';

/**
 * What a subtitle names as a hidden figure's mark: the "•" of one series; of several
 * (`series`: "einer Kennzahl"), the series' sign in the strip. „• = unterdrückt“ stood over
 * the activation rates' squares and triangles and the instruments' eleven shapes.
 */
export function stripMark(series?: string): string {
  return series ? `Zeichen ${series} im Streifen „${STRIP_LABEL}“` : HIDDEN_MARK;
}

/** Rows a chart hides (the tooltip's status says so: statusFields). */
export const HIDDEN_TEST = 'datum.s === 1 || datum.c === 1';

/**
 * The channel whose scale lists the strips drawn in the current selection: each strip's
 * ground (drawn only when the selection hides something) puts its key in that scale's domain,
 * at the chart's root (a non-positional scale is shared by the views of a layer or concat,
 * whatever their names). Drawn with a width of 0: no mark of the chart uses it otherwise.
 */
const DRAWN_STRIPS = 'strokeWidth';

/**
 * The pixel range of a value scale in a plot of `height`: above the strip while the selection
 * hides something in it, to the plot's bottom while it hides nothing. A fixed 18 px gap
 * kept an empty band under 0 on every chart: bars stood above the x axis and the value axis
 * went on below 0 %. `strip`: the key of the plot's strip (hiddenStrip's), one per plot of a chart.
 */
export function valueRange(height: number, strip = 'plot'): [VlSpec, number] {
  return [{ expr: `${height} - (indexof(domain('${DRAWN_STRIPS}'), '${strip}') >= 0 ? ${STRIP_PX} : 0)` }, 0];
}

export interface StripOptions {
  /** The plot's x encoding (a month, a year). */
  readonly x: VlSpec;
  readonly height: number;
  readonly tooltip: VlSpec[];
  /** The strip's key: the value scale's range (valueRange) gives way to it when it is drawn. */
  readonly key?: string;
  /**
   * Several series: each marker in its series' colour and point shape, as the series' points
   * and the legend (told apart by colour alone, three or eleven series failed WCAG 1.4.1).
   */
  readonly colour?: VlSpec & { readonly field: string; readonly scale: { readonly domain: string[] } };
  /**
   * Series that can be hidden at one x side by side: one lane each, across the strip (yOffset,
   * a lane per series) or along it (xOffset: the lanes of the series hidden at that x, centred
   * on it, in the domain's order).
   */
  readonly lanes?: { readonly channel: 'xOffset' | 'yOffset'; readonly field: string; readonly domain: readonly string[] };
}

/** The distance of two lanes along the strip: a marker's width and a pixel between. */
export const LANE_PX = 7;
/** Of an x slot (a year), the share the lanes of one x may take at most: a gap stays between years. */
const LANES_SHARE = 0.7;

/**
 * Lanes along the strip, in pixels from the x position: the series hidden at one x spread
 * symmetrically around it (one series on it), LANE_PX apart, closer when many would pass
 * LANES_SHARE of the x slot. Left to a band scale, xOffset spread the lanes of every series
 * over the slot from its start: the first lane stood halfway to the next year, and a lone
 * hidden series 16 px off its year.
 */
function alongLanes(xField: string, lanes: NonNullable<StripOptions['lanes']>): { before: VlSpec[]; after: VlSpec[]; mark: VlSpec } {
  const order = JSON.stringify(lanes.domain).replace(/"/g, "'");
  return {
    // the x slots of the plot (a point scale: width ÷ slots apart), counted before the filter
    before: [{ joinaggregate: [{ op: 'distinct', field: xField, as: 'strip_slots' }] }],
    after: [
      { calculate: `indexof(${order}, datum['${lanes.field}'])`, as: 'strip_order' },
      { window: [{ op: 'row_number', as: 'strip_lane' }], groupby: [xField], sort: [{ field: 'strip_order', order: 'ascending' }] },
      { joinaggregate: [{ op: 'count', as: 'strip_lanes' }], groupby: [xField] },
      {
        calculate: `(datum.strip_lane - 1 - (datum.strip_lanes - 1) / 2) * min(${LANE_PX}, ${LANES_SHARE} * width / max(1, datum.strip_slots) / datum.strip_lanes)`,
        as: 'strip_dx',
      },
    ],
    // an offset of the mark, not the xOffset channel: that made the x scale a band scale, and
    // Vega-Lite then put the marks at the band's start, half a year before the points and ticks
    mark: { xOffset: { expr: 'datum.strip_dx' } },
  };
}

/**
 * The strip's layers: its ground and label, drawn only when the selection hides something (a
 * grey band under every chart said nothing), and a "•" per hidden row (a series' in its
 * colour and shape), whose tooltip gives the row's status to the hover and to the chart's
 * table alike.
 */
export function hiddenStrip(o: StripOptions): VlSpec[] {
  const middle = o.height - STRIP_PX / 2;
  const along = o.lanes?.channel === 'xOffset' ? alongLanes(String(o.x['field']), o.lanes) : undefined;
  // across the strip: a lane per series within its height
  const lanes = o.lanes?.channel === 'yOffset'
    ? { yOffset: { field: o.lanes.field, type: 'nominal', scale: { domain: [...o.lanes.domain], range: [-(STRIP_PX / 2 - 3), STRIP_PX / 2 - 3] } } }
    : {};
  return [
    {
      transform: [
        { filter: HIDDEN_TEST },
        { aggregate: [{ op: 'count', as: 'hidden_rows' }] },
        { filter: 'datum.hidden_rows > 0' },
        { calculate: `'${o.key ?? 'plot'}'`, as: 'strip_key' },
      ],
      layer: [
        {
          mark: { type: 'rect', color: STRIP_GROUND, aria: false },
          encoding: {
            x: { value: 0 },
            x2: { value: 'width' },
            y: { value: o.height - STRIP_PX },
            y2: { value: o.height },
            // the key in DRAWN_STRIPS' domain: the value scale's range makes room for the strip
            [DRAWN_STRIPS]: { field: 'strip_key', type: 'ordinal', scale: { range: [0] }, legend: null },
          },
        },
        {
          mark: { type: 'text', text: STRIP_LABEL, align: 'left', baseline: 'middle', dx: 4, fontSize: 10, color: COLOURS.muted },
          encoding: { x: { value: 'width' }, y: { value: middle } },
        },
      ],
    },
    {
      transform: [...(along?.before ?? []), { filter: HIDDEN_TEST }, ...(along?.after ?? [])],
      // a series' marker: its point shape filled, of about the "•"'s size (a lane is LANE_PX wide)
      mark: {
        ...(o.colour ? { type: 'point', filled: true, size: 28, opacity: 1, strokeWidth: 0 } : { type: 'text', text: HIDDEN_MARK, baseline: 'middle', fontSize: 14, color: COLOURS.muted }),
        ...along?.mark,
      },
      encoding: { x: o.x, y: { value: middle }, ...lanes, ...(o.colour ? { color: o.colour, shape: seriesShape(o.colour) } : {}), tooltip: o.tooltip },
    },
  ];
}
