// Keeping every control of a page within reach of the keyboard (inlined as source text by
// the page script, so plain ES2017).

// The filters stay on top while they take at most a fifth of the window, and a control
// focused from below (Shift+Tab) is scrolled clear of them by their height as measured:
// the 160 px the page reserved left controls under a bar of 143–214 px (by width, and with
// the note under the filters). Taller, at 200 % zoom or on a narrow screen, the bar covered
// a third of the window and scrolls away with the page (WCAG 2.4.7, 2.4.11).
export function fitFilterBar() {
  var STAYS_UP_TO = 0.2, FOCUS_GAP = 16;
  var bar = document.getElementById('filters');
  if (!bar) return;
  var fit = function () {
    var height = bar.getBoundingClientRect().height;
    var stays = height <= window.innerHeight * STAYS_UP_TO;
    bar.classList.toggle('stays', stays);
    document.documentElement.style.scrollPaddingTop = stays ? Math.ceil(height) + FOCUS_GAP + 'px' : '';
  };
  fit();
  // the bar grows with the note under it and with the page's width; the window's height counts too
  if (typeof ResizeObserver === 'function') new ResizeObserver(fit).observe(bar);
  window.addEventListener('resize', fit);
}

// The menu by keyboard. vega-embed makes the image on mousedown, which a keyboard never
// sends: Enter on "Als SVG speichern" downloaded nothing. Enter makes it, then clicks.
// Escape, or leaving the menu with Tab, closes it (open, it covered the table's button).
// `scale`: the image's pixels per screen pixel, by type (as the menu's own saves use).
export function keyboardMenu(view, el, scale) {
  var details = el.querySelector('details');
  if (!details) return;
  Array.prototype.forEach.call(details.querySelectorAll('.vega-actions a'), function (link) {
    link.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      var type = link.download.split('.').pop();
      view.toImageURL(type, scale[type]).then(function (url) {
        link.href = url;
        link.click();
      });
    });
  });
  details.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !details.open) return;
    details.removeAttribute('open');
    details.querySelector('summary').focus();
  });
  details.addEventListener('focusout', function (event) {
    if (!details.contains(event.relatedTarget)) details.removeAttribute('open');
  });
}
