/**
 * The page script of every dashboard (plain ES2017, inlined as text). It reads the JSON
 * block, expands the compact datasets into rows, fills the filter selects (createElement
 * + textContent, never innerHTML), sets the German locale and embeds each chart.
 * A chart with no values for the selection gets a short note above it; under each chart its
 * figures for the selection stand in a table (what the tooltips say, without a mouse).
 * When all charts are drawn, <body data-rendered="true"> tells tests and users it is ready.
 */
import { csvText } from './chart-table.mjs';
import { dataItems, EMPTY_NOTE } from './empty-chart.mjs';
import { hideTooltipOnLeave, hoverableViewClass } from './hoverable-tooltip.mjs';
import { fitFilterBar, keyboardMenu } from './keyboard-reach.mjs';
import { withTextAlternative } from './svg-alt.mjs';
import { tableRows } from './value-table.mjs';
import { copyValueAxes, fitWideChart } from './wide-chart.mjs';

/** The name of a chart's export menu button, before the chart's title. */
export const MENU_LABEL = 'Diagramm exportieren';

/** The name of a chart's box that scrolls sideways (a Tab stop then), before the chart's title. */
export const SCROLL_LABEL = 'Diagramm, seitlich scrollbar';

/**
 * The overall controlling page holds Jobcenter × instrument rows only for the overdue reports
 * (its 3 MB): with both chosen every other chart said "Keine Werte" though the Jobcenter's own
 * page has them.
 */
export const COMBO_NOTE = 'Jobcenter und Instrument zusammen: die Werte je Instrument zeigt die Seite des Jobcenters (hier nur die überfälligen Abschlussberichte; die Aktivierungsquoten gelten für alle Instrumente): ';

/** What the status line says once the charts and tables show a new selection. */
export const UPDATED_NOTE = 'Diagramme und Tabellen zeigen die neue Auswahl.';

export const RUNTIME_JS = String.raw`
(function () {
  'use strict';
  var payload = JSON.parse(document.getElementById('almp-data').textContent);
  var SCALE = { svg: 1, png: 2 };

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

  ${fitFilterBar.toString()}
  fitFilterBar();

  ${hoverableViewClass.toString()}
  vega.formatLocale(payload.locale.number);
  vega.timeFormatLocale(payload.locale.time);
  window.almpViews = {};
  // each chart's check whether it is wider than its card (wide-chart.mjs), run again after a redraw
  var refits = {};
  var pending = payload.charts.map(function (chart) {
    // compiled when the page was written: each dataset's rows go into the data of its name
    var spec = Object.assign({}, chart.vega, {
      data: chart.vega.data.map(function (d) { return chart.datasets.indexOf(d.name) < 0 ? d : Object.assign({}, d, { values: datasets[d.name] }); })
    });
    return vegaEmbed('#chart-' + chart.id, spec, {
      mode: 'vega',
      renderer: 'svg',
      downloadFileName: chart.file,
      // a PNG for a slide or a printed page: twice the screen's pixels
      scaleFactor: SCALE,
      // only the export menu (SVG/PNG made in the browser); no editor link, no network
      actions: { export: true, source: false, compiled: false, editor: false },
      i18n: { CLICK_TO_VIEW_ACTIONS: 'Exportieren', PNG_ACTION: 'Als PNG speichern', SVG_ACTION: 'Als SVG speichern' },
      formatLocale: payload.locale.number,
      timeFormatLocale: payload.locale.time,
      // warnings such as an empty selection are not the reader's concern; errors still show
      logLevel: vega.Error,
      viewClass: hoverableViewClass(vega.View)
    }).then(function (result) {
      window.almpViews[chart.id] = result.view;
      asImage(chart);
      // after the note: a chart without values is no wide chart
      noteIfEmpty(result.view, document.getElementById('chart-' + chart.id));
      refits[chart.id] = fitWideChart(chart, ${JSON.stringify(SCROLL_LABEL)}, result.view);
      nameMenu(chart);
      keyboardMenu(result.view, document.getElementById('chart-' + chart.id), SCALE);
      withCaptionedExports(result.view, chart);
      withCsvExport(result.view, chart);
      fillTable(result.view, chart);
    });
  });

  // A chart is one image whose text alternative is its description, read once: the
  // description was read as the paragraph, as vega-embed's "visualization" and as a figure,
  // and vega's groups read title and subtitle in English ("Title text '…'", "group mark
  // container"). An image's inner parts are not read; the paragraph is read as its name,
  // the subtitle drawn over the chart (key, method) as its description.
  function asImage(chart) {
    var wrapper = document.querySelector('#chart-' + chart.id + ' .chart-wrapper');
    var description = document.getElementById('d-' + chart.id);
    if (!wrapper || !description) return;
    wrapper.setAttribute('role', 'img');
    wrapper.removeAttribute('aria-roledescription');
    wrapper.removeAttribute('aria-label');
    wrapper.setAttribute('aria-labelledby', description.id);
    if (document.getElementById('s-' + chart.id)) wrapper.setAttribute('aria-describedby', 's-' + chart.id);
    description.setAttribute('aria-hidden', 'true');
    // Chromium still read the drawing's own roles inside the image
    Array.prototype.forEach.call(wrapper.children, function (child) { child.setAttribute('aria-hidden', 'true'); });
  }

  ${fitWideChart.toString()}
  ${copyValueAxes.toString()}

  // The menu's button is an icon: it gets a name that says which chart it exports (a
  // screen reader announced an unnamed button thirteen times on a page).
  function nameMenu(chart) {
    var summary = document.querySelector('#chart-' + chart.id + ' details > summary');
    if (!summary) return;
    summary.setAttribute('aria-label', ${JSON.stringify(MENU_LABEL)} + ': ' + chart.title);
    // its three dots are drawn, not read (an unnamed graphic inside the button)
    Array.prototype.forEach.call(summary.querySelectorAll('svg'), function (icon) { icon.setAttribute('aria-hidden', 'true'); });
  }

  ${keyboardMenu.toString()}

  // A tooltip covers the marks around the pointer; Escape hides it without moving the
  // mouse (WCAG 1.4.13 — vega-tooltip listens to no key). The next hover shows it again.
  document.addEventListener('keydown', function (event) {
    var tip = document.getElementById('vg-tooltip-element');
    if (event.key === 'Escape' && tip) tip.classList.remove('visible');
  });
  ${hideTooltipOnLeave.toString()}
  document.addEventListener('mouseout', hideTooltipOnLeave);

  // A chart saved from its menu has left the page's filters behind: the saved image gets a
  // line under it with period, selection and Datenstand, as the files under out/ have.
  // An SVG also gets its own text alternative: title; description, subtitle and that line.
  // (The menu asks view.toImageURL for the image; text goes in as text, never as markup.)
  function captionOf(view, parts) {
    var value = function (param) { return String(view.signal(param)); };
    var items = [parts.yearParam === null ? parts.periods[''] : parts.periods[value(parts.yearParam)]];
    parts.selections.forEach(function (s) { var v = value(s.param); items.push(Object.prototype.hasOwnProperty.call(s.labels, v) ? s.labels[v] : v); });
    items.push(parts.asOf);
    return items.filter(Boolean).join(' \u00b7 ');
  }
  var CAPTION_FONT = "'DejaVu Sans', Arial, sans-serif";
  ${withTextAlternative.toString()}
  function withCaptionedExports(view, chart) {
    view.toImageURL = function (type, scale) {
      var text = captionOf(view, chart.caption);
      var s = scale || 1;
      if (type === 'svg') {
        return view.toSVG(s).then(function (markup) {
          var described = chart.described.concat(text).join(' ');
          var doc = new DOMParser().parseFromString(withTextAlternative(markup, chart.title, described), 'image/svg+xml');
          var svg = doc.documentElement;
          var w = Number(svg.getAttribute('width')), h = Number(svg.getAttribute('height'));
          var line = doc.createElementNS('http://www.w3.org/2000/svg', 'text');
          line.setAttribute('x', '5');
          line.setAttribute('y', String(h / s + 14));
          line.setAttribute('font-family', CAPTION_FONT);
          line.setAttribute('font-size', '11');
          line.setAttribute('fill', '#4d4d4d');
          line.setAttribute('class', 'almp-caption');
          line.textContent = text;
          svg.appendChild(line);
          svg.setAttribute('height', String(h + 20 * s));
          svg.setAttribute('viewBox', '0 0 ' + w / s + ' ' + (h / s + 20));
          var blob = new Blob([new XMLSerializer().serializeToString(doc)], { type: 'image/svg+xml' });
          return URL.createObjectURL(blob);
        });
      }
      return view.toCanvas(s).then(function (canvas) {
        var out = document.createElement('canvas');
        out.width = canvas.width;
        out.height = canvas.height + Math.round(20 * s);
        var ctx = out.getContext('2d');
        ctx.fillStyle = 'white';
        ctx.fillRect(0, 0, out.width, out.height);
        ctx.drawImage(canvas, 0, 0);
        ctx.fillStyle = '#4d4d4d';
        ctx.font = 11 * s + 'px ' + CAPTION_FONT;
        ctx.fillText(text, 5 * s, canvas.height + 14 * s);
        return out.toDataURL('image/' + type);
      });
    };
  }

  // The figures a chart draws for the current selection, as a table for Excel: its value
  // table (the one under the chart), the caption line first (as the images carry it).
  ${csvText.toString()}
  function withCsvExport(view, chart) {
    var button = document.querySelector('button.csv[data-chart="' + chart.id + '"]');
    if (!button) return;
    button.addEventListener('click', function () {
      var csv = csvText(tableRows(view.scenegraph().root, chart.table), captionOf(view, chart.caption));
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      link.download = chart.file + '.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  // A chart whose selection holds no values says so instead of showing bare axes (e.g. a
  // Jobcenter without stock figures has no activation rates). It stands above the chart's
  // frame: the frame's edges fade where a wide chart goes on.
  ${dataItems.toString()}
  function noteIfEmpty(view, el) {
    var empty = dataItems(view.scenegraph().root) === 0;
    var frame = el.parentNode, note = frame.parentNode.querySelector('p.empty-note');
    if (empty && !note) {
      note = document.createElement('p');
      note.className = 'empty-note';
      note.textContent = ${JSON.stringify(EMPTY_NOTE)};
      frame.parentNode.insertBefore(note, frame);
    }
    if (note) note.hidden = !empty;
  }
  // The chart's figures as a table under it, captioned with period, selection and
  // Datenstand like a saved image (the table is read apart from the filters above).
  ${tableRows.toString()}
  function fillTable(view, chart) {
    var box = document.getElementById('values-' + chart.id);
    if (!box) return;
    var data = tableRows(view.scenegraph().root, chart.table);
    var cell = function (tag, text, scope) {
      var el = document.createElement(tag);
      el.textContent = text;
      if (scope) el.setAttribute('scope', scope);
      return el;
    };
    if (data.rows.length === 0) {
      box.replaceChildren(cell('p', ${JSON.stringify(EMPTY_NOTE)}));
      return;
    }
    var table = document.createElement('table');
    var caption = cell('caption', chart.title + ' ');
    caption.appendChild(cell('span', captionOf(view, chart.caption)));
    table.appendChild(caption);
    var head = document.createElement('tr');
    data.columns.forEach(function (title) { head.appendChild(cell('th', title, 'col')); });
    table.appendChild(document.createElement('thead')).appendChild(head);
    var body = table.appendChild(document.createElement('tbody'));
    var keys = chart.table.key.length;
    data.rows.forEach(function (values) {
      var tr = body.appendChild(document.createElement('tr'));
      values.forEach(function (text, i) { tr.appendChild(i < keys ? cell('th', text, 'row') : cell('td', text)); });
    });
    box.replaceChildren(table);
  }
  // On the overall page a Jobcenter and an instrument together point to the Jobcenter's page.
  function comboNote() {
    var note = document.getElementById('combo-note');
    var jc = document.getElementById('filter-jc'), ins = document.getElementById('filter-instr');
    if (!note || !jc || !ins) return;
    var show = jc.value !== '*' && ins.value !== '*';
    note.hidden = !show;
    if (!show) return;
    // by the id on the link: a page's file name is made safe from the id ("JC Nord" → JC_Nord-…)
    var link = [].slice.call(document.querySelectorAll('nav a[data-jc]')).filter(function (a) {
      return a.getAttribute('data-jc') === jc.value;
    })[0];
    note.textContent = ${JSON.stringify(COMBO_NOTE)};
    if (link) {
      var a = document.createElement('a');
      a.href = link.getAttribute('href');
      a.textContent = link.textContent;
      note.appendChild(a);
    } else {
      note.appendChild(document.createTextNode('Jobcenter ' + jc.value));
    }
  }
  // Filters change charts through their bound signals; check again once each has redrawn.
  // Meanwhile the body says "updating" (tests wait for "true" again) and the main region
  // is busy; a polite status line then tells a screen reader that the figures changed, and
  // to what ("Jahr: 2025."): the same words each time were read after the first change only.
  document.addEventListener('change', function (event) {
    comboNote();
    var select = event.target, label = select.labels && select.labels[0];
    var chosen = select.selectedOptions && select.selectedOptions[0];
    var said = label && chosen ? label.firstChild.textContent.trim() + ': ' + chosen.textContent + '. ' : '';
    var main = document.querySelector('main');
    document.body.setAttribute('data-rendered', 'updating');
    main.setAttribute('aria-busy', 'true');
    var redrawn = Object.keys(window.almpViews).map(function (id) {
      var view = window.almpViews[id];
      var chart = payload.charts.filter(function (c) { return c.id === id; })[0];
      return view.runAsync().then(function () {
        noteIfEmpty(view, document.getElementById('chart-' + id));
        refits[id]();
        fillTable(view, chart);
      });
    });
    Promise.all(redrawn).then(function () {
      main.removeAttribute('aria-busy');
      var status = document.getElementById('update-status');
      if (status) status.textContent = said + ${JSON.stringify(UPDATED_NOTE)};
      document.body.setAttribute('data-rendered', 'true');
    });
  });
  Promise.all(pending).then(
    function () { document.body.setAttribute('data-rendered', 'true'); },
    function (error) { console.error(error); document.body.setAttribute('data-rendered', 'error'); }
  );
})();
`;
