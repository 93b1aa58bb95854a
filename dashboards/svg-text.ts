/**
 * An exported SVG carries its own text alternative: slides and reports take the file out of
 * the page, away from the description the page gives each chart, and screen readers and
 * Office's alt text read an SVG's <title> and <desc>.
 */
import { escapeHtml } from './html/template.ts';

export function withTextAlternative(svg: string, title: string, description: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) return svg;
  // role="img": one image with one text, not hundreds of mark labels read one by one
  const tag = open[0].replace(/^<svg\b/, '<svg role="img" aria-labelledby="chart-title chart-desc"');
  return `${tag}<title id="chart-title">${escapeHtml(title)}</title><desc id="chart-desc">${escapeHtml(description)}</desc>${svg.slice(open[0].length)}`;
}
