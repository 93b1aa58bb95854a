// The figures a chart draws as a CSV for Excel, shared by the page script (inlined as
// source text, so written as plain ES2017, self-contained) and the tests.

/**
 * CSV as German Excel opens it: BOM (UTF-8), ';' between columns, CRLF, the caption (period,
 * selection, Datenstand) as the first line, then the chart's value table (value-table.mjs):
 * its columns and one line per row — a month's rate and its denominator bar are one line, as
 * in the table under the chart (the CSV had one line per drawn mark: a month twice, once
 * "unterdrückt" and once with its exits, and a month whose exits were hidden not at all).
 * A cell Excel would read as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export function csvText(table, caption) {
  var cell = function (value) {
    var text = value === undefined || value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };
  var lines = [cell(caption), table.columns.map(cell).join(';')];
  table.rows.forEach(function (row) { lines.push(row.map(cell).join(';')); });
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
