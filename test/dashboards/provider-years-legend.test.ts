/**
 * The providers × years chart has a row per provider: at 10^6 "Alle Jobcenter" showed 334
 * providers in a chart 11,590 px tall, and the key to its colours (more / fewer dropouts
 * than expected) stood under the last row, eleven thousand pixels below the first. The key
 * now stands above the rows, where reading starts.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { providerYears } from '../../dashboards/charts/portfolio-providers.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

interface Node { role?: string; marktype?: string; y?: number; bounds?: { y1: number; y2: number }; items?: Node[] }

function legends(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (node: Node) => {
    if (node.role === 'legend') out.push(...(node.items ?? []));
    (node.items ?? []).forEach(walk);
  };
  walk(root);
  return out;
}

describe('providers over the years with all providers of a state', () => {
  it('shows the colour key above the first row, not under the last', async () => {
    const years = ['2023', '2024', '2025', '2026'];
    const funnel = Array.from({ length: 300 }, (_, i) => String(1001 + i).padStart(6, '0')).flatMap((prv, i) =>
      years.map((yr) => ({ jc: '*', prv, ins: '*', yr, exits: 100, observed: 20, expected: 20, oe: 1, lo: i % 3 === 0 ? 1.1 : 0.8, hi: i % 3 === 0 ? 1.5 : 1.2, s: 0, p: 0 })),
    );
    const view = await drawSpec(providerYears(CTX).spec, { funnel, begin: [] });
    const rows = markItems(view, 'rect').filter((i) => i.datum!['prv'] !== undefined) as unknown as { y: number }[];
    expect(rows).toHaveLength(1200);
    const firstRow = Math.min(...rows.map((r) => r.y));
    const lastRow = Math.max(...rows.map((r) => r.y));
    expect(lastRow).toBeGreaterThan(10_000);
    const [legend] = legends((view.scenegraph() as unknown as { root: Node }).root);
    expect(legend).toBeDefined();
    expect(legend!.bounds!.y2).toBeLessThanOrEqual(firstRow);
  });
});
