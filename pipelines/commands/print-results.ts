/** A compact, aligned table of per-item results for the terminal. */
import type { Effects } from '../effects.ts';
import type { ItemResult } from '../results.ts';

const SYMBOL: Record<ItemResult['status'], string> = { success: 'ok', error: 'FAILED', not_run: 'not run', skipped: 'skipped' };

/** Long lists (every chart as SVG and PNG) show the failures and the main files only. */
const MAIN_FILE = /\.(html|xlsx)$|^return /;

export function printResults(title: string, results: readonly ItemResult[], effects: Effects): void {
  if (results.length === 0) return;
  if (results.length > 20) {
    // every failure and main file is listed, however many (43 pages at 10^6 participations)
    const shown = results.filter((r) => r.status !== 'success' || MAIN_FILE.test(r.name));
    printTable(title, shown, effects);
    const hidden = results.length - shown.length;
    if (hidden > 0) effects.out(`  … and ${hidden} more files written (${exportKinds(results.filter((r) => !shown.includes(r)))})`);
    return;
  }
  printTable(title, results, effects);
}

/** What the files not listed are, by their extensions ('--formats html,svg' wrote no PNG, and the line said it had). */
function exportKinds(hidden: readonly ItemResult[]): string {
  const kinds = [...new Set(hidden.map((r) => /\.(\w+)$/.exec(r.path ?? r.name)?.[1]?.toUpperCase()).filter((k) => k !== undefined))].sort((a, b) => b.localeCompare(a));
  return kinds.length > 0 ? `chart exports as ${kinds.join(' and ')}` : 'chart exports';
}

function printTable(title: string, results: readonly ItemResult[], effects: Effects): void {
  if (results.length === 0) return;
  const width = Math.max(...results.map((r) => r.name.length), 4);
  effects.out(`${title}:`);
  for (const r of results) {
    const ms = r.ms === undefined ? '' : `${(r.ms / 1000).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} s`;
    const detail = r.error ? `  ${r.error}` : r.path ? `  ${r.path}` : '';
    effects.out(`  ${r.name.padEnd(width)}  ${SYMBOL[r.status].padEnd(7)} ${ms.padStart(9)}${detail}`);
  }
}
