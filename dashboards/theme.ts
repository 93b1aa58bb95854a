/**
 * The one visual theme of all dashboards and static exports: German number and date
 * formats, a bundled font, colours. Every chart spec gets exactly this config object.
 */
import type { Config } from 'vega-lite';

/** The bundled font (dashboards/fonts/DejaVuSans.ttf), so PNGs do not depend on the host. */
export const FONT_FAMILY = 'DejaVu Sans';

/** d3-format definition for de-DE: decimal comma, thousands dot, "25,3 %", "1.234 €". */
export const NUMBER_LOCALE_DE = {
  decimal: ',',
  thousands: '.',
  grouping: [3],
  currency: ['', '\u00a0€'],
  percent: '\u00a0%',
} as const;

/**
 * d3-time-format definition for de-DE (dates as 31.01.2025). Month abbreviations as German
 * writes them before a year (CLDR's format form, what Intl gives for "Sept. 2026"): "Jan.
 * 2026", "März 2026" — the stand-alone forms "Jan 2026", "Mär 2026" read as English.
 */
export const TIME_LOCALE_DE = {
  dateTime: '%A, der %e. %B %Y, %X',
  date: '%d.%m.%Y',
  time: '%H:%M:%S',
  periods: ['AM', 'PM'] as [string, string],
  days: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
  shortDays: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
  months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  shortMonths: ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'],
};

/** Colours: one accent for the measured value, muted greys for context, a warning red. */
export const COLOURS = {
  primary: '#1f5f99',
  // 4.6:1 on white (#e08a2c had 2.7:1, below the 3:1 of WCAG 1.4.11 for the funnel's "davon" bars)
  secondary: '#b85c00',
  band: '#9ec3e6',
  // 4.6:1 on white: it writes "vorläufig →" and the "•" of hidden figures (#8c8c8c had 3.4:1)
  muted: '#757575',
  warning: '#b3261e',
  good: '#2e7d32',
  // 13 hues apart enough to tell lines apart (no two blues: 11 instruments and 'all' share
  // one chart), each at least 4.5:1 on white: a series' hidden-figure text is drawn in its
  // colour (WCAG 1.4.3; the orange, olive, ochre and pink of before had 2.5–3.1:1). Hue is
  // not enough for 13 series, least of all for red-green colour blindness: charts with
  // several series also tell them apart by point shape (SERIES_SHAPES).
  categories: ['#1f5f99', '#b85c00', '#2e7d32', '#8e44ad', '#b3261e', '#00838f', '#6d4c41', '#c2185b', '#546e7a', '#7a7a00', '#4527a0', '#1a1a1a', '#5c6bc0'],
} as const;

export const THEME: Config = {
  // The locale travels with every spec, so SVG/PNG exports and the browser format alike.
  locale: { number: { ...NUMBER_LOCALE_DE, grouping: [3], currency: ['', '\u00a0€'] }, time: TIME_LOCALE_DE } as unknown as Config['locale'],
  font: FONT_FAMILY,
  background: 'white',
  padding: 8,
  // the view grows when a filter lengthens a label or legend (by default its size is fixed
  // at the first drawing, and a bar label '10' showed as '1')
  autosize: { type: 'pad', resize: true },
  view: { continuousWidth: 520, continuousHeight: 240, stroke: null },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', color: '#1a1a1a', subtitleColor: '#4d4d4d', subtitleFontSize: 11, offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', gridColor: '#e6e6e6', domainColor: '#8c8c8c', tickColor: '#8c8c8c' },
  // two columns wide enough for the longest instrument name (16h, ~320 px in DejaVu Sans 11 px): three
  // columns of 240 px cut German words mid-word ('Eingliederung von Langzeitarbeitsl…')
  // symbols at full strength: they took the 0.5 of the interval rules (2:1 on white, WCAG 1.4.11)
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', orient: 'bottom', direction: 'horizontal', columns: 2, labelLimit: 340, symbolOpacity: 1 },
  header: { labelFontSize: 11, titleFontSize: 12 },
  range: { category: [...COLOURS.categories] },
  bar: { color: COLOURS.primary },
  line: { color: COLOURS.primary, strokeWidth: 2 },
  // 0.85, not Vega-Lite's 0.7 for points: at 0.7 five palette colours had 2.7–2.9:1 on white (WCAG 1.4.11)
  point: { color: COLOURS.primary, size: 40, opacity: 0.85 },
  text: { fontSize: 11, color: '#1a1a1a' },
  customFormatTypes: false,
  // Marks and axes stay out of the accessibility tree: vega named each of hundreds of marks
  // by raw field names ("lo: 0.12; label: …"), and unnamed mark groups broke WCAG 1.1.1.
  // A screen reader meets each chart as one figure with its description, and its figures
  // in the table under it (html/value-table.mjs).
  aria: false,
  mark: { aria: false },
};
