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
// scroll; while scrolled, its value axes stay at the left edge (copyValueAxes). Returns the
// check, for the page script to run again when the chart has redrawn.
export function fitWideChart(chart, label, view) {
  var box = document.getElementById('chart-' + chart.id);
  var drawing = box && box.querySelector('.chart-wrapper');
  if (!box || !drawing) return function () {};
  var frame = box.parentNode, hint = document.getElementById('w-' + chart.id);
  var wide = false;
  var fade = function () {
    var rest = box.scrollWidth - box.clientWidth - box.scrollLeft;
    // a pixel's slack: scrollLeft is fractional at a zoom (the axes' copy shows with it)
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
    if (wide) copyValueAxes(view, box);
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

// At 390 px a chart's value axis scrolled away with it, its points and lines left without a
// scale. While the box is scrolled (.more-left) a copy of the value axes (left axes of a
// continuous scale; not a bar chart's names, which would take half the card) stands at its
// left edge on white, over what scrolls under it, in the box (a swipe on it still scrolls;
// the white takes the pointer, so a point under it shows no tooltip); hidden from screen
// readers as the drawing's own parts are. Made again at each fit: the
// axes change with the filters.
export function copyValueAxes(view, box) {
  var NS = 'http://www.w3.org/2000/svg';
  var svg = box.querySelector('.chart-wrapper svg'), holder = box.querySelector('.axis-copy');
  if (!holder) {
    holder = document.createElement('div');
    holder.className = 'axis-copy';
    holder.setAttribute('aria-hidden', 'true');
    box.appendChild(holder).appendChild(document.createElementNS(NS, 'svg'));
  }
  var copy = holder.firstChild, axes = [], grounds = [], width = 0;
  copy.replaceChildren();
  // the axes in drawing order, as the SVG renderer writes their groups
  (function walk(node) {
    (node.items || []).forEach(function (child) {
      if (child.role === 'axis') axes.push(child.items[0]);
      walk(child);
    });
  })(view.scenegraph().root);
  var groups = svg ? svg.querySelectorAll('g.role-axis') : [];
  if (groups.length !== axes.length) return;
  var origin = svg.getBoundingClientRect(), inverse = svg.getScreenCTM().inverse();
  axes.forEach(function (axis, i) {
    var type = view.scale(axis.datum.scale).type;
    if (axis.orient !== 'left' || !axis.datum.labels || !/^(linear|log|pow|sqrt|symlog)$/.test(type)) return;
    var at = groups[i].getBoundingClientRect(), place = inverse.multiply(groups[i].parentNode.getScreenCTM());
    var ground = copy.appendChild(document.createElementNS(NS, 'rect'));
    ground.setAttribute('y', at.top - origin.top);
    ground.setAttribute('height', at.height);
    ground.setAttribute('fill', 'white');
    grounds.push(ground);
    var g = copy.appendChild(document.createElementNS(NS, 'g'));
    g.setAttribute('transform', 'matrix(' + [place.a, place.b, place.c, place.d, place.e, place.f].join(' ') + ')');
    g.appendChild(groups[i].cloneNode(true));
    width = Math.max(width, Math.ceil(at.right - origin.left) + 1);
  });
  grounds.forEach(function (ground) { ground.setAttribute('width', width); });
  copy.setAttribute('width', width);
  copy.setAttribute('height', origin.height);
  copy.style.top = origin.top - holder.getBoundingClientRect().top + 'px';
}
