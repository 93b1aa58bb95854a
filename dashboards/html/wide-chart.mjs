// A chart wider than its card (inlined as source text by the page script, so plain ES2017).

// A chart wider than its card scrolls sideways in its box (at 320 px nearly every one): the
// box is then a named Tab stop, so the arrow keys scroll it (WCAG 2.1.1, 1.4.10; no control
// inside it scrolls it). A box whose chart fits is none, a stop that would do nothing. The
// box changes with the window, the chart with the filters.
export function fitWideChart(chart, label) {
  var box = document.getElementById('chart-' + chart.id);
  var drawing = box && box.querySelector('.chart-wrapper');
  if (!box || !drawing) return;
  var fit = function () {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', label + ': ' + chart.title);
    } else {
      ['tabindex', 'role', 'aria-label'].forEach(function (name) { box.removeAttribute(name); });
    }
  };
  fit();
  if (typeof ResizeObserver !== 'function') return;
  var observer = new ResizeObserver(fit);
  observer.observe(box);
  observer.observe(drawing);
}
