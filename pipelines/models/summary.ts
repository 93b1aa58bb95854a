/** The tables a person at the terminal reads after a build or a check (German number format). */
import type { ItemResult } from '../results.ts';
import type { CheckResult } from './run-log.ts';

const int = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });

function pad(cells: readonly string[], widths: readonly number[], right: ReadonlySet<number>): string {
  return cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
}

export function table(head: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set(rightAligned);
  return [pad(head, widths, right), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths, right))];
}

export function modelTable(models: readonly ItemResult[], asOf: string): string[] {
  const rows = models.map((m) => [m.name, m.status, m.rows === undefined ? '' : int.format(m.rows), m.ms === undefined ? '' : int.format(m.ms)]);
  const total = models.reduce((s, m) => s + (m.ms ?? 0), 0);
  rows.push(['total', '', '', int.format(total)]);
  const [y, mo, d] = asOf.split('-');
  return [`Models built with as-of ${d}.${mo}.${y}:`, ...table(['model', 'status', 'rows', 'ms'], rows, [2, 3])];
}

const SEVERITIES = ['error', 'warning', 'info'] as const;

export function checkSummary(checks: readonly CheckResult[]): string[] {
  const lines = ['Data quality:'];
  const width = Math.max(0, ...checks.map((c) => c.name.length));
  for (const severity of SEVERITIES) {
    const of = checks.filter((c) => c.severity === severity);
    if (of.length === 0) continue;
    const failing = of.filter((c) => c.failing > 0).length;
    lines.push(`  ${severity}: ${failing} of ${of.length} checks find rows`);
    for (const c of of) {
      lines.push(`    ${c.failing > 0 ? '✗' : '✓'} ${c.name.padEnd(width)} ${int.format(c.failing).padStart(9)}  ${c.description}`);
    }
  }
  return lines;
}
