// The text alternative of a saved SVG, shared by the exports under out/ (dashboards/build.ts)
// and the page's export menu (inlined as source text by the page script, so plain ES2017).

/**
 * An SVG chart as one image with its own <title> and <desc>: slides and reports take the
 * file away from the page's description, and screen readers and Office's alt text read them.
 * vega's own ARIA goes: it named each group in English ("Title text '…'", "group mark
 * container"), read apart from the image or in Office's alt text.
 */
export function withTextAlternative(svg, title, description) {
  var open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) return svg;
  var escape = function (text) { return String(text).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var body = svg.slice(open[0].length).replace(/\s(?:role="graphics-[a-z-]+"|aria-roledescription="[^"]*"|aria-label="[^"]*")/g, '');
  // opened on its own the file is the document: without a language its German is read in the reader's default voice
  var tag = open[0].replace(/^<svg\b/, '<svg role="img" aria-labelledby="chart-title chart-desc" xml:lang="de" lang="de"');
  return tag + '<title id="chart-title">' + escape(title) + '</title><desc id="chart-desc">' + escape(description) + '</desc>' + body;
}
