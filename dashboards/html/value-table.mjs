// The figures of a drawn chart as table rows: its text alternative. Written as plain
// ES2017 because the page script inlines it as source text (like empty-chart.mjs).
// The rows are the tooltips of the drawn marks: the same words, the same German formats
// and the same status ("vorläufig", "unterdrückt") that hovering shows, for the current
// filters — a tooltip needs a mouse, a table does not.

/**
 * Rows of a chart's table from its vega scenegraph. `table` is the chart's ValueTable
 * (dashboards/charts/kit.ts): tooltips that agree on the `key` titles are one row; rows
 * follow the chart's reading order. Returns the column titles and the rows' cells
 * (a figure a row does not have reads '–').
 */
export function tableRows(root, table) {
  var found = [];
  (function walk(mark, ox, oy) {
    if (mark.marktype === 'group') {
      mark.items.forEach(function (group) {
        var gx = ox + (group.x || 0), gy = oy + (group.y || 0);
        (group.items || []).forEach(function (child) { walk(child, gx, gy); });
      });
    } else if (mark.role === 'mark') {
      mark.items.forEach(function (item) {
        var tip = item.tooltip;
        if (tip && typeof tip === 'object' && !Array.isArray(tip)) {
          found.push({ tip: tip, x: Math.round(ox + (item.x || 0)), y: Math.round(oy + (item.y || 0)), seq: found.length });
        }
      });
    }
  })(root, 0, 0);

  var missing = function (value) { return value === undefined || value === null || value === '' || value === 'null' || value === 'NaN'; };
  var rows = [], byKey = {};
  found.forEach(function (f) {
    var key = table.key.map(function (title) { return String(f.tip[title]); }).join('\u0001');
    var row = byKey[key];
    if (!row) {
      row = byKey[key] = { cells: {}, x: f.x, y: f.y, seq: f.seq };
      rows.push(row);
    }
    row.x = Math.min(row.x, f.x);
    row.y = Math.min(row.y, f.y);
    Object.keys(f.tip).forEach(function (title) {
      if (missing(row.cells[title]) && !missing(f.tip[title])) row.cells[title] = String(f.tip[title]);
    });
  });
  var byX = function (a, b) { return a.x - b.x || a.seq - b.seq; };
  var byY = function (a, b) { return a.y - b.y || a.x - b.x || a.seq - b.seq; };
  if (table.order === 'x') rows.sort(byX);
  else if (table.order === 'y') rows.sort(byY);

  // key columns first, then the others as the fullest tooltip orders them
  var columns = table.key.slice();
  found
    .slice()
    .sort(function (a, b) { return Object.keys(b.tip).length - Object.keys(a.tip).length || a.seq - b.seq; })
    .forEach(function (f) { Object.keys(f.tip).forEach(function (title) { if (columns.indexOf(title) < 0) columns.push(title); }); });
  return {
    columns: columns,
    rows: rows.map(function (row) { return columns.map(function (title) { return missing(row.cells[title]) ? '\u2013' : row.cells[title]; }); }),
  };
}
