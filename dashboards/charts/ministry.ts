/**
 * Charts of the state ministry dashboard: the same indicators across Jobcenters and
 * instruments, ESF+-style results, and a count table with totals. Small cells are
 * suppressed as in public returns (primary flag from the mart, complementary in the
 * tables with totals — see data/totals-table.ts).
 */
import { hiddenNote, INDICATOR_LABELS, smallCounts } from '../labels.ts';
import type { ChartContext, ChartDef } from './kit.ts';
import { groupRates, heatTable } from './patterns.ts';
import { multiRateTrend } from './trends.ts';

const pick = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, INDICATOR_LABELS[id] ?? id]));

export const MINISTRY_TABLE_INDICATORS = [
  'no_show_rate',
  'dropout_rate',
  'completion_rate',
  'report_on_time_rate',
  'goal_progress_rate',
  'employed_on_leaving_rate',
  'integration_rate_6m',
  'not_unemployed_rate_6m',
];
export const ESF_INDICATORS = ['employed_on_leaving_rate', 'integration_rate_6m', 'not_unemployed_rate_6m'];

export function indicatorsByJobcenter(ctx: ChartContext, jobcenters: Record<string, string>): ChartDef {
  return heatTable(ctx, {
    id: 'kennzahlen-jobcenter',
    title: 'Kennzahlen nach Jobcenter',
    subtitle: `Quote und Nenner (n); Farbe: Höhe der Quote, keine Bewertung (eine hohe Abschlussquote ist gut, eine hohe Abbruchquote nicht); ${hiddenNote('merged')}; leeres Feld = keine Fälle im Nenner`,
    description:
      'Tabelle: zentrale Quoten je Jobcenter und für das Land insgesamt im gewählten Jahr und Instrument, jeweils mit Nenner; kleine Fallzahlen und gegenrechenbare Zellen sind unterdrückt.',
    dataset: 'year',
    filters: ['year', 'instr'],
    indicators: pick(MINISTRY_TABLE_INDICATORS),
    rowField: 'jc',
    rowLabels: jobcenters,
    rowTitle: 'Jobcenter',
    colField: 'ind',
    colLabels: pick(MINISTRY_TABLE_INDICATORS),
  });
}

export function esfResults(ctx: ChartContext, jobcenters: Record<string, string>): ChartDef {
  return groupRates(ctx, {
    id: 'esf-ergebnisse-jobcenter',
    title: 'Ergebnisse nach dem Austritt (in Anlehnung an ESF+)',
    subtitle: 'Beschäftigt bei Austritt (28 Tage), Eingliederung und Verbleib nach 6 Monaten; Linien: 95-%-Intervall',
    description:
      'Punktdiagramm mit Intervallen: je Jobcenter der Anteil beschäftigter Austritte innerhalb von 28 Tagen, die Eingliederungsquote und die Verbleibsquote nach 6 Monaten im gewählten Jahr.',
    dataset: 'year',
    filters: ['year', 'instr'],
    indicators: pick(ESF_INDICATORS),
    groupField: 'jc',
    groupLabels: jobcenters,
    groupTitle: 'Jobcenter',
  });
}

export function dropoutByInstrument(ctx: ChartContext): ChartDef {
  return groupRates(ctx, {
    id: 'abbruch-instrumente',
    title: 'Abbruch- und Abschlussquote nach Instrument',
    subtitle: 'Landesweit im gewählten Jahr; Linien: 95-%-Intervall',
    description: 'Punktdiagramm mit Intervallen: Abbruch- und Abschlussquote je Instrument, landesweit (alle Jobcenter) im gewählten Jahr.',
    dataset: 'year',
    filters: ['jc', 'year'],
    indicators: pick(['dropout_rate', 'completion_rate']),
    groupField: 'ins',
    groupLabels: ctx.labels.instruments,
    groupTitle: 'Instrument',
    excludeTotal: true,
  });
}

export function exitsTable(ctx: ChartContext, jobcenters: Record<string, string>, instruments: Record<string, string>): ChartDef {
  return heatTable(ctx, {
    id: 'austritte-tabelle',
    title: 'Austritte nach Jobcenter und Instrument',
    subtitle: `Mit Summen; • = unterdrückt (Fallzahl ${smallCounts(ctx.labels.threshold)} oder Gegenrechnung zur Summe); 0 = keine Austritte; leeres Feld = im Jahr weder Zuweisungen noch Ein- oder Austritte`,
    description:
      'Tabelle: Zahl der Austritte je Jobcenter und Instrument im gewählten Jahr mit Zeilen- und Spaltensummen; kleine Fallzahlen und die Zellen, aus denen sie sich zurückrechnen ließen, sind unterdrückt.',
    dataset: 'year',
    filters: ['year'],
    indicators: pick(['exits']),
    rowField: 'jc',
    rowLabels: jobcenters,
    rowTitle: 'Jobcenter',
    colField: 'ins',
    colLabels: instruments,
    count: true,
  });
}

export function activationByJobcenter(ctx: ChartContext): ChartDef {
  return multiRateTrend(ctx, {
    id: 'aktivierung-land',
    title: 'Aktivierungsquoten',
    subtitle: 'Personen in Maßnahmen am Monatsende je Bezugsgröße; Jobcenter wählbar, hohle Punkte: vorläufig',
    description: 'Liniendiagramm: Aktivierungsquoten AQ1, ELB und Langzeitleistungsbeziehende je Monat, für das Land oder ein Jobcenter.',
    dataset: 'month',
    filters: ['jc', 'year'],
    indicators: pick(['activation_rate_aq1', 'activation_rate_elb', 'activation_rate_ltr']),
  });
}
