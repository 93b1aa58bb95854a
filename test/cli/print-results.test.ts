/**
 * The results table of `almp dashboards` / `almp returns`: at 10^6 participations there are
 * 43 pages, more than the 20 lines a full list gets — the short list then printed itself
 * again and again until the stack overflowed, after every file had been written.
 */
import { describe, expect, it } from 'vitest';
import { printResults } from '../../pipelines/commands/print-results.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import type { ItemResult } from '../../pipelines/results.ts';

function capture() {
  const lines: string[] = [];
  return { lines, effects: { ...quietEffects(), out: (line: string) => lines.push(line) } };
}

describe('printResults', () => {
  it('lists every page and failure of a long run, and counts the chart exports', () => {
    const pages: ItemResult[] = Array.from({ length: 43 }, (_, i) => ({ name: `page-${i}.html`, status: 'success', ms: 10 }));
    const exports: ItemResult[] = Array.from({ length: 60 }, (_, i) => ({ name: `chart-${i}.png`, status: 'success' }));
    const broken: ItemResult = { name: 'chart-x.svg', status: 'error', error: 'no space left' };
    const { lines, effects } = capture();
    printResults('dashboards', [...pages, ...exports, broken], effects);
    expect(lines.filter((l) => l.includes('.html'))).toHaveLength(43);
    expect(lines.some((l) => l.includes('chart-x.svg') && l.includes('FAILED') && l.includes('no space left'))).toBe(true);
    expect(lines.at(-1)).toBe('  … and 60 more files written (chart exports as PNG)');
  });

  it('names the export kinds that were written, not those that were not (--formats html,svg)', () => {
    const pages: ItemResult[] = Array.from({ length: 25 }, (_, i) => ({ name: `page-${i}.html`, status: 'success' }));
    const svgs: ItemResult[] = Array.from({ length: 4 }, (_, i) => ({ name: `chart-${i}`, path: `/out/dashboards/chart-${i}.svg`, status: 'success' }));
    const { lines, effects } = capture();
    printResults('dashboards', [...pages, ...svgs], effects);
    expect(lines.at(-1)).toBe('  … and 4 more files written (chart exports as SVG)');
    const both = capture();
    printResults('dashboards', [...pages, ...svgs, { name: 'chart-0.png', status: 'success' }], both.effects);
    expect(both.lines.at(-1)).toBe('  … and 5 more files written (chart exports as SVG and PNG)');
  });
});
