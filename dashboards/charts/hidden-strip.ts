/**
 * Where a chart with a vertical value axis marks a hidden figure: in a strip under the value
 * range, labelled "unterdrückt", at the figure's x position and with no y value of its own.
 * A "•" on the 0 line read as a real 0 %, at the foot of a log axis as a cost of 1.000 €, a
 * few pixels above it (the activation rates) as 0,5 %: the value scale now ends above the
 * strip, so no marker stands where a value could be drawn.
 */
import { HIDDEN_MARK } from '../labels.ts';
import { COLOURS } from '../theme.ts';
import type { VlSpec } from './kit.ts';

/** The strip's height: a "•" of 14 px and the label beside it. */
export const STRIP_PX = 18;
/**
 * The strip's ground, set off from the plot: a ground, not a mark colour (the muted "•" keeps
 * 4.2:1 on it, above the 3:1 of WCAG 1.4.11 for graphics; the label stands on white).
 */
const STRIP_GROUND = '#f2f2f2';

/** Rows a chart hides (the tooltip's status says so: statusFields). */
export const HIDDEN_TEST = 'datum.s === 1 || datum.c === 1';

/** The pixel range of a value scale in a plot of `height`: above the strip, which keeps the bottom. */
export function valueRange(height: number): [number, number] {
  return [height - STRIP_PX, 0];
}

export interface StripOptions {
  /** The plot's x encoding (a month, a year). */
  readonly x: VlSpec;
  readonly height: number;
  readonly tooltip: VlSpec[];
  /** Several series: each marker in its series' colour. */
  readonly colour?: VlSpec;
  /** Series that can be hidden at one x side by side: one lane each, across (yOffset) or along (xOffset) the strip. */
  readonly lanes?: { readonly channel: 'xOffset' | 'yOffset'; readonly field: string; readonly domain: readonly string[] };
}

/**
 * The strip's layers: its ground and label, drawn only when the selection hides something (a
 * grey band under every chart said nothing), and a "•" per hidden row, whose tooltip gives
 * the row's status to the hover and to the chart's table alike.
 */
export function hiddenStrip(o: StripOptions): VlSpec[] {
  const middle = o.height - STRIP_PX / 2;
  const lanes = o.lanes
    ? {
        [o.lanes.channel]: {
          field: o.lanes.field,
          type: 'nominal',
          // across the strip: lanes within its height; along it: within the x band (the scale's default)
          scale: { domain: [...o.lanes.domain], ...(o.lanes.channel === 'yOffset' ? { range: [-(STRIP_PX / 2 - 3), STRIP_PX / 2 - 3] } : {}) },
        },
      }
    : {};
  return [
    {
      transform: [{ filter: HIDDEN_TEST }, { aggregate: [{ op: 'count', as: 'hidden_rows' }] }, { filter: 'datum.hidden_rows > 0' }],
      layer: [
        {
          mark: { type: 'rect', color: STRIP_GROUND, aria: false },
          encoding: { x: { value: 0 }, x2: { value: 'width' }, y: { value: o.height - STRIP_PX }, y2: { value: o.height } },
        },
        {
          mark: { type: 'text', text: 'unterdrückt', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, color: COLOURS.muted },
          encoding: { x: { value: 'width' }, y: { value: middle } },
        },
      ],
    },
    {
      transform: [{ filter: HIDDEN_TEST }],
      mark: { type: 'text', text: HIDDEN_MARK, baseline: 'middle', fontSize: 14, ...(o.colour ? {} : { color: COLOURS.muted }) },
      encoding: { x: o.x, y: { value: middle }, ...lanes, ...(o.colour ? { color: o.colour } : {}), tooltip: o.tooltip },
    },
  ];
}
