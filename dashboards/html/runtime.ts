/**
 * The page script of every dashboard (plain ES2017, inlined as text). It reads the JSON
 * block, expands the compact datasets into rows, fills the filter selects (createElement
 * + textContent, never innerHTML), sets the German locale and embeds each chart.
 * A chart with no values for the selection gets a short note above it.
 * When all charts are drawn, <body data-rendered="true"> tells tests and users it is ready.
 */
import { dataItems, EMPTY_NOTE } from './empty-chart.mjs';

export const RUNTIME_JS = String.raw`
(function () {
  'use strict';
  var payload = JSON.parse(document.getElementById('almp-data').textContent);

  // Datasets are columnar: {fields, dicts, rows}; a field with a dictionary stores indexes.
  function expand(ds) {
    var out = new Array(ds.rows.length);
    for (var i = 0; i < ds.rows.length; i++) {
      var row = ds.rows[i], obj = {};
      for (var j = 0; j < ds.fields.length; j++) {
        var f = ds.fields[j], dict = ds.dicts[f];
        obj[f] = dict && row[j] !== null ? dict[row[j]] : row[j];
      }
      out[i] = obj;
    }
    return out;
  }
  var datasets = {};
  Object.keys(payload.datasets).forEach(function (name) { datasets[name] = expand(payload.datasets[name]); });

  payload.filters.forEach(function (f) {
    var select = document.getElementById(f.element);
    if (!select) return;
    f.options.forEach(function (o) {
      var option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.label;
      if (o.value === f.value) option.selected = true;
      select.appendChild(option);
    });
  });

  vega.formatLocale(payload.locale.number);
  vega.timeFormatLocale(payload.locale.time);
  window.almpViews = {};
  var pending = payload.charts.map(function (chart) {
    var spec = Object.assign({}, chart.spec, { datasets: {} });
    chart.datasets.forEach(function (name) { spec.datasets[name] = datasets[name]; });
    return vegaEmbed('#chart-' + chart.id, spec, {
      renderer: 'svg',
      // only the export menu (SVG/PNG made in the browser); no editor link, no network
      actions: { export: true, source: false, compiled: false, editor: false },
      i18n: { CLICK_TO_VIEW_ACTIONS: 'Exportieren', PNG_ACTION: 'Als PNG speichern', SVG_ACTION: 'Als SVG speichern' },
      formatLocale: payload.locale.number,
      timeFormatLocale: payload.locale.time,
      // warnings such as an empty selection are not the reader's concern; errors still show
      logLevel: vega.Error
    }).then(function (result) {
      window.almpViews[chart.id] = result.view;
      noteIfEmpty(result.view, document.getElementById('chart-' + chart.id));
    });
  });

  // A chart whose selection holds no values says so instead of showing bare axes (e.g. a
  // Jobcenter without stock figures has no activation rates).
  ${dataItems.toString()}
  function noteIfEmpty(view, el) {
    var empty = dataItems(view.scenegraph().root) === 0;
    var note = el.parentNode.querySelector('p.empty-note');
    if (empty && !note) {
      note = document.createElement('p');
      note.className = 'empty-note';
      note.textContent = ${JSON.stringify(EMPTY_NOTE)};
      el.parentNode.insertBefore(note, el);
    }
    if (note) note.hidden = !empty;
  }
  // Filters change charts through their bound signals; check again once each has redrawn.
  document.addEventListener('change', function () {
    Object.keys(window.almpViews).forEach(function (id) {
      var view = window.almpViews[id];
      view.runAsync().then(function () { noteIfEmpty(view, document.getElementById('chart-' + id)); });
    });
  });
  Promise.all(pending).then(
    function () { document.body.setAttribute('data-rendered', 'true'); },
    function (error) { console.error(error); document.body.setAttribute('data-rendered', 'error'); }
  );
})();
`;
