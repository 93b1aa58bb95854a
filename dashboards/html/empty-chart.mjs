// What makes a chart "without values", shared by the page script (inlined as source text,
// so written as plain ES2017) and the export worker (imported).

/** Items of the marks drawn from data (not axes, legends or titles) in a vega scenegraph. */
export function dataItems(mark) {
  var n = 0;
  if (mark.marktype === 'group') {
    mark.items.forEach(function (group) { (group.items || []).forEach(function (child) { n += dataItems(child); }); });
  } else if (mark.role === 'mark') {
    n += mark.items.length;
  }
  return n;
}

/** The note a chart without values carries (a selection whose cells are all suppressed draws nothing either). */
export const EMPTY_NOTE = 'Keine Werte für diese Auswahl (keine Daten oder unterdrückt).';
