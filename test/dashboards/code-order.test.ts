/**
 * Phases and reasons as the returns and indicators.md name them: the dashboard said
 * "⅓–⅔" / "≥ ⅔" where the returns say "< ⅔" / "Späte Phase", and it had no bar for
 * dropouts without a phase (the mart's breakdown 'unknown'). Reasons sorted by value put
 * the hidden ones in English code order; now they come last, in German label order.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { dropoutPhases, dropoutReasons } from '../../dashboards/charts/controlling.ts';
import { DROPOUT_PHASES, PHASE_UNKNOWN } from '../../reports/layouts/common.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const REASONS = { health: 'Gesundheit', motivation: 'Motivation', childcare: 'Kinderbetreuung', overload: 'Überforderung', language: 'Sprache', care_duties: 'Pflegeaufgaben' };
const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: REASONS, goals: {}, threshold: 5 } };

const share = (ind: string, br: string, n: number | null, d = 40) =>
  ({ ind, yr: '2025', per: '2025', jc: '*', ins: '*', br, n, d: n === null ? null : d, v: n === null ? null : n / d, lo: null, hi: null, s: n === null ? 1 : 0, p: 0 });

/** Row labels of a bar chart from top to bottom. */
function rowsTopDown(view: Awaited<ReturnType<typeof drawSpec>>): string[] {
  return markItems(view, 'rect')
    .map((i) => ({ label: String(i.datum!['label']), y: (i as { y: number }).y }))
    .sort((a, b) => a.y - b.y)
    .map((r) => r.label);
}

describe('dropout phases', () => {
  it('use the labels of the returns and show the unknown phase', async () => {
    const rows = [...DROPOUT_PHASES, PHASE_UNKNOWN].map(([code], i) => share('dropout_phase_share', code, 5 + i));
    const view = await drawSpec(dropoutPhases(CTX).spec, { year: rows });
    expect(rowsTopDown(view)).toEqual(['Erste 14 Tage', 'Frühe Phase (< ⅓)', 'Mittlere Phase (< ⅔)', 'Späte Phase', 'Phase unbekannt']);
    const subtitle = (dropoutPhases(CTX).spec['title'] as { subtitle: string[] }).subtitle.join(' ');
    expect(subtitle).toContain('< ⅓ früh, < ⅔ mittel, sonst spät');
  });
});

describe('dropout reasons', () => {
  it('are sorted by share, hidden ones last in German label order', async () => {
    const rows = [
      share('dropout_reason_share', 'overload', null), share('dropout_reason_share', 'health', 12), share('dropout_reason_share', 'care_duties', null),
      share('dropout_reason_share', 'motivation', 20), share('dropout_reason_share', 'childcare', null), share('dropout_reason_share', 'language', 12),
    ];
    const view = await drawSpec(dropoutReasons(CTX).spec, { year: rows });
    const labels = markItems(view, 'text').filter((i) => i.datum!['br'] !== undefined).sort((a, b) => (a as { y: number }).y - (b as { y: number }).y).map((i) => String(i.datum!['label']));
    expect(labels).toEqual(['Motivation', 'Gesundheit', 'Sprache', 'Kinderbetreuung', 'Pflegeaufgaben', 'Überforderung']);
  });
});
