// The figures a chart draws as a table for Excel, shared by the page script (inlined as
// source text, so written as plain ES2017, each function self-contained) and the tests.

/**
 * The tooltips of the items drawn from data (not axes, legends or titles) in a vega
 * scenegraph, each once: a tooltip holds a figure as the reader sees it (German numbers,
 * interval, status), and a bar and its label carry the same one. `order` is the chart's
 * reading order as its value table has it ('x', 'y'; else as drawn): drawn order put the
 * funnel's steps as "Abschlüsse, Abbrüche, Eintritte, …, Zuweisungen" into the CSV.
 */
export function tooltipRows(root, order) {
  var found = [], seen = {};
  (function walk(mark, ox, oy) {
    if (mark.marktype === 'group') {
      (mark.items || []).forEach(function (group) {
        var gx = ox + (group.x || 0), gy = oy + (group.y || 0);
        (group.items || []).forEach(function (child) { walk(child, gx, gy); });
      });
    } else if (mark.role === 'mark') {
      (mark.items || []).forEach(function (item) {
        var tip = item.tooltip;
        if (!tip || typeof tip !== 'object') return;
        var key = JSON.stringify(tip);
        var x = Math.round(ox + (item.x || 0)), y = Math.round(oy + (item.y || 0));
        if (seen[key]) {
          seen[key].x = Math.min(seen[key].x, x);
          seen[key].y = Math.min(seen[key].y, y);
          return;
        }
        seen[key] = { tip: tip, x: x, y: y, seq: found.length };
        found.push(seen[key]);
      });
    }
  })(root, 0, 0);
  if (order === 'x') found.sort(function (a, b) { return a.x - b.x || a.seq - b.seq; });
  else if (order === 'y') found.sort(function (a, b) { return a.y - b.y || a.x - b.x || a.seq - b.seq; });
  return found.map(function (f) { return f.tip; });
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
