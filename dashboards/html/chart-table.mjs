// The figures a chart draws as a table for Excel, shared by the page script (inlined as
// source text, so written as plain ES2017, each function self-contained) and the tests.

/**
 * The tooltips of the items drawn from data (not axes, legends or titles) in a vega
 * scenegraph, each once: a tooltip holds a figure as the reader sees it (German numbers,
 * interval, status), and a bar and its label carry the same one.
 */
export function tooltipRows(root) {
  var rows = [], seen = {};
  (function walk(mark) {
    if (mark.marktype === 'group') {
      (mark.items || []).forEach(function (group) { (group.items || []).forEach(walk); });
    } else if (mark.role === 'mark') {
      (mark.items || []).forEach(function (item) {
        var tip = item.tooltip;
        if (!tip || typeof tip !== 'object') return;
        var key = JSON.stringify(tip);
        if (seen[key]) return;
        seen[key] = true;
        rows.push(tip);
      });
    }
  })(root);
  return rows;
}

/**
 * CSV as German Excel opens it: BOM (UTF-8), ';' between columns, CRLF, the caption (period,
 * selection, Datenstand) as the first line, then the columns in the order they first appear.
 * A cell Excel would read as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export function csvText(rows, caption) {
  var columns = [];
  rows.forEach(function (row) { Object.keys(row).forEach(function (k) { if (columns.indexOf(k) < 0) columns.push(k); }); });
  var cell = function (value) {
    var text = value === undefined || value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };
  var lines = [cell(caption), columns.map(cell).join(';')];
  rows.forEach(function (row) { lines.push(columns.map(function (c) { return cell(row[c]); }).join(';')); });
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
