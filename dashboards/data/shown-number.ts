/**
 * A figure as the page embeds it: rounded (short numbers keep the 10^6 pages under 3 MB),
 * yet shown by the chart's own rounding as Excel shows the mart's value in a return.
 *
 * The charts round once more to display (d3-format, '.1%', ',.2f'), on the binary double:
 * a rate of 0.2215021 embedded as 0.2215 showed "22,1 %" where the return's cell shows
 * "22,2 %", and 82 of 160 = 0.5125 (a double just below it) showed "51,2 %" where Excel,
 * rounding the decimal half away from zero, shows "51,3 %" (an audit found 33 of 8,878 rates
 * at 10^4 participations). So a rounded figure whose last digit is a 5 — a tie for every
 * coarser display — moves one further digit towards the side the mart's value lies on, and
 * an exact tie away from zero, as Excel rounds it: 0.221501, 0.512501. The shift (10^-6 at
 * five decimals) is far below anything a chart draws.
 */
export function shownNumber(expr: string, decimals = 5): string {
  const r = `round(${expr}, ${decimals})`;
  const step = `${10 ** -(decimals + 1)}`;
  // the rounded figure's digits without trailing zeros end in 5, and it is not whole
  const tie = `(${r} <> trunc(${r}) AND right(rtrim(round(abs(${r}) * ${10 ** decimals})::BIGINT::VARCHAR, '0'), 1) = '5')`;
  const side = `CASE WHEN ${expr} < ${r} - 1e-12 THEN -1 WHEN ${expr} > ${r} + 1e-12 THEN 1 ELSE sign(${r}) END`;
  return `CASE WHEN ${tie} THEN round(${r} + (${side}) * ${step}, ${decimals + 1}) ELSE ${r} END`;
}
