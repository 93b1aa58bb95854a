// The page script's chart tooltips (inlined as source text, so written as plain ES2017).

/**
 * A vega View class whose tooltip stays while the pointer is on it (WCAG 1.4.13, hoverable):
 * vega hid it the moment the pointer left the mark, so a reader at high zoom could not move
 * onto it to read or select it. Leaving the mark now hides it a moment later unless the
 * pointer is on it by then; leaving the tooltip hides it (hideTooltipOnLeave), and so does
 * Escape (the page script). A class, because vega-embed hands the view its tooltip handler
 * before the first drawing: a handler set afterwards resets the renderer and blanks the chart.
 */
export function hoverableViewClass(View) {
  // vega-tooltip puts the tooltip beside the pointer; where it fits on neither side (at 320 px
  // a tooltip of 260 px beside a pointer in the middle) it went off the window's left edge
  // (WCAG 1.4.10). Moved in sideways it stays above the pointer, or below it near the top.
  var MARGIN = 8;
  function keepInWindow(event) {
    var tip = document.getElementById('vg-tooltip-element');
    if (!tip || !tip.classList.contains('visible')) return;
    var box = tip.getBoundingClientRect();
    var left = Math.max(MARGIN, Math.min(box.left, window.innerWidth - box.width - MARGIN));
    var top = box.top;
    if (top < 0 || box.bottom > window.innerHeight) {
      var below = event && event.clientY !== undefined ? event.clientY + 10 : MARGIN;
      top = below + box.height <= window.innerHeight ? below : Math.max(MARGIN, window.innerHeight - box.height - MARGIN);
    }
    if (left !== box.left) tip.style.left = left + 'px';
    if (top !== box.top) tip.style.top = top + 'px';
  }
  function hoverable(show) {
    var timer = null;
    return function (handler, event, item, value) {
      clearTimeout(timer);
      if (value !== null && value !== undefined && value !== '') {
        var shown = show.call(this, handler, event, item, value);
        keepInWindow(event);
        return shown;
      }
      var view = this;
      timer = setTimeout(function () {
        var tip = document.getElementById('vg-tooltip-element');
        if (!tip || !tip.matches(':hover')) show.call(view, handler, event, item, value);
      }, 300);
    };
  }
  return class extends View {
    tooltip(handler) { return arguments.length ? super.tooltip(handler && hoverable(handler)) : super.tooltip(); }
  };
}

/** Hides a tooltip the pointer leaves (registered once for the page: all charts share one tooltip element). */
export function hideTooltipOnLeave(event) {
  var tip = document.getElementById('vg-tooltip-element');
  if (tip && tip.contains(event.target) && !tip.contains(event.relatedTarget)) tip.classList.remove('visible');
}
