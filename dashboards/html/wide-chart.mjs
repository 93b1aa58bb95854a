// A chart wider than its card (inlined as source text by the page script, so plain ES2017).

// At 390 px a card holds 316 px of chart; the charts take 460–1,250 px with their labels
// (400 or 560 px of plot, kit.ts, more with facets). Drawn to fit they would be unreadable
// (the ministry's table of Jobcenters at a quarter of its size), so a chart scrolls sideways
// in its box, and the box says so to each reader: it is a named Tab stop, so the arrow keys
// scroll it (WCAG 2.1.1, 1.4.10; no control inside it scrolls it); the hint above it says the
// chart goes on past the screen; the edge it goes on past fades out. A user at 390 px saw
// charts cut off, nothing saying there was more to the right. A box whose chart fits has
// none of these: a Tab stop that would do nothing, a hint that would not be true; nor does a
// chart without values for the selection, under its note „Keine Werte …“ (runtime.ts): its bare
// axes went on past the screen, and the hint sent a reader scrolling to nothing. The box
// changes with the window (a phone turned), the chart with the filters, the fades with each
// scroll. Returns the check, for the page script to run again when the chart has redrawn.
export function fitWideChart(chart, label) {
  var box = document.getElementById('chart-' + chart.id);
  var drawing = box && box.querySelector('.chart-wrapper');
  if (!box || !drawing) return function () {};
  var frame = box.parentNode, hint = document.getElementById('w-' + chart.id);
  var wide = false;
  var fade = function () {
    var rest = box.scrollWidth - box.clientWidth - box.scrollLeft;
    // a pixel's slack: scrollLeft is fractional at a zoom
    frame.classList.toggle('more-left', wide && box.scrollLeft > 1);
    frame.classList.toggle('more-right', wide && rest > 1);
  };
  var fit = function () {
    var note = frame.parentNode.querySelector('p.empty-note');
    wide = box.scrollWidth > box.clientWidth && !(note && !note.hidden);
    if (wide) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', label + ': ' + chart.title);
    } else {
      ['tabindex', 'role', 'aria-label'].forEach(function (name) { box.removeAttribute(name); });
    }
    if (hint) hint.hidden = !wide;
    // the fades end where the drawing does, above the box's scroll bar (a window's; a phone's overlays)
    frame.style.setProperty('--fade-bottom', frame.clientHeight - box.offsetTop - box.clientHeight + 'px');
    fade();
  };
  fit();
  box.addEventListener('scroll', fade, { passive: true });
  if (typeof ResizeObserver === 'function') {
    var observer = new ResizeObserver(fit);
    observer.observe(box);
    observer.observe(drawing);
  }
  return fit;
}
