/**
 * Return 1: state programme annual return — per state-funded measure (funding = 'state'),
 * grouped by Jobcenter, for a calendar year. Figures from mart.indicator_values (measure
 * slice) and mart.return_gender_counts; nothing computed here.
 */
import { count, directorySheet, DROPOUT_PHASES, JOBCENTER_NAME_SQL, PROVIDER_NAME_SQL, DROPOUT_REASONS, GENDERS, GOALS, MEASURE_LABELS, PHASE_NOTE, PHASE_UNKNOWN, rate, rateTriple } from './common.ts';
import type { ColumnLayout, RowSource, SheetLayout, WorkbookLayout } from './types.ts';

const GENDER_FIGURES: readonly [string, string, string, 'numerator' | 'denominator' | 'value'][] = [
  ['entries', 'Eintritte', 'entries', 'value'],
  ['exits', 'Austritte', 'dropout_rate', 'denominator'],
  ['completions', 'Abschlüsse', 'completion_rate', 'numerator'],
  ['positive_early_exits', 'Vorzeitig in Arbeit/Ausbildung', 'positive_early_exit_rate', 'numerator'],
  ['dropouts', 'Abbrüche', 'dropout_rate', 'numerator'],
];

/** One row set for every sheet, so totals and hidden cells agree across sheets. */
const ROWS: RowSource = {
  id: 'state_measures',
  sql: `
    with genders as (
      pivot (
        select measure_id, gender, entries, exits, completions, positive_early_exits, dropouts
        from mart.return_gender_counts
        where period_type = 'year' and period = $period
      )
      on gender in ('f', 'm', 'd', 'unknown')
      using sum(entries) as entries, sum(exits) as exits, sum(completions) as completions,
        sum(positive_early_exits) as positive_early_exits, sum(dropouts) as dropouts
      group by measure_id
    )
    select m.measure_id as row_key, m.jobcenter_id, m.measure_id, m.instrument, m.provider_id, g.* exclude (measure_id),
      ${PROVIDER_NAME_SQL} as provider_name, ${JOBCENTER_NAME_SQL} as jobcenter_name
    from mart.return_measures as m
    left join genders as g using (measure_id)
    left join mart.provider_names as n on n.provider_id = m.provider_id
    left join mart.jobcenter_names as j on j.jobcenter_id = m.jobcenter_id
    where m.funding = 'state'
      and ($jobcenter::varchar is null or m.jobcenter_id = $jobcenter)
      and list_contains(m.years, $period)
    order by m.jobcenter_id, m.measure_id`,
};

function sheet(name: string, title: string, columns: ColumnLayout[], extra: Partial<SheetLayout> = {}): SheetLayout {
  return { name, title, rows: ROWS, columns: [...MEASURE_LABELS, ...columns], totalLabel: 'Insgesamt', ...extra };
}

const EXITS = { indicator: 'dropout_rate', field: 'denominator' } as const;
const withinExits = (triple: ColumnLayout[]): ColumnLayout[] => triple.map((c) => (c.key.endsWith('_den') ? { ...c, within: EXITS } : c));

const dropouts = count('dropouts', 'Abbrüche insgesamt', { indicator: 'dropout_rate', field: 'numerator' });

export const STATE_ANNUAL: WorkbookLayout = {
  id: 'state-annual',
  title: 'Landesprogramm – Jahresmeldung',
  periodType: 'year',
  scope: 'state',
  unit: 'Teilnahmen (Eintritt einer Person in eine Maßnahme): wer zwei Maßnahmen besucht, zählt zweimal',
  sheets: [
    sheet('Kennzahlen', 'Eintritte, Austritte und Abbrüche je Maßnahme', [
      count('entries', 'Eintritte', { indicator: 'entries' }),
      count('exits', 'Austritte', EXITS),
      count('completions', 'Abschlüsse', { indicator: 'completion_rate', field: 'numerator' }),
      rate('completion_rate', 'Abschlussquote', 'completion_rate', ['completions', 'exits']),
      count('positive', 'Vorzeitig in Arbeit/Ausbildung', { indicator: 'positive_early_exit_rate', field: 'numerator' }),
      rate('positive_rate', 'Quote vorzeitig positiv', 'positive_early_exit_rate', ['positive', 'exits']),
      dropouts,
      rate('dropout_rate', 'Abbruchquote', 'dropout_rate', ['dropouts', 'exits']),
      ...rateTriple('no_show', 'no_show_rate', ['Nichtantritte', 'Zuweisungen (42 Tage abgelaufen)', 'Nichtantrittsquote']),
    ], {
      // exits are completions + early positive exits + dropouts + transfers (not shown): a
      // hidden dropout count was exits − completions − positive (≤ 1 ⇒ 1) — a line, then,
      // though not an exact one (a complement it calls for can only protect more)
      boundLines: [{ total: 'exits', parts: ['completions', 'positive', 'dropouts'] }],
      footnotes: [
        // no pointer to the dashboards: a funder has none of them (it named 'die Landesseite des Dashboards')
        'Landesprogramm: alle Maßnahmen, die das Land finanziert (Finanzierung „Land“), gleich welches Instrument – nicht nur die des Instruments STATE (Instrumente: Blatt „Definitionen“).',
      ],
    }),
    sheet('Abbruchgründe', 'Abbrüche nach Hauptgrund', [
      dropouts,
      ...DROPOUT_REASONS.map(([code, label]) => count(`reason_${code}`, label, { indicator: 'dropout_reason_share', breakdown: code, field: 'numerator' }, 'Hauptgrund')),
    ], { rowLines: [{ total: 'dropouts', parts: DROPOUT_REASONS.map(([c]) => `reason_${c}`) }] }),
    sheet('Abbruchphasen', 'Abbrüche nach Phase der Teilnahme', [
      dropouts,
      ...[...DROPOUT_PHASES, PHASE_UNKNOWN].map(([code, label]) =>
        count(`phase_${code}`, label, { indicator: 'dropout_phase_share', breakdown: code, field: 'numerator' }, 'Phase')),
    ], {
      rowLines: [{ total: 'dropouts', parts: [...DROPOUT_PHASES, PHASE_UNKNOWN].map(([c]) => `phase_${c}`) }],
      footnotes: [PHASE_NOTE],
    }),
    sheet('Zwischenziele', 'Erreichte Zwischenziele (aus Abschlussberichten)', [
      ...rateTriple('goals', 'goal_achievement_rate', ['Ziele erreicht', 'Ziele vereinbart', 'Anteil erreicht']),
      ...GOALS.map(([code, label]) => count(`goal_${code}`, label, { indicator: 'goal_achievement_rate', breakdown: code, field: 'numerator' }, 'Erreicht nach Ziel')),
    ], { rowLines: [{ total: 'goals_num', parts: GOALS.map(([c]) => `goal_${c}`) }] }),
    sheet('Berichte und Verbleib', 'Fristgerechte Abschlussberichte, Eingliederung 6 Monate nach Austritt, Auslastung', [
      // exits whose window is over: all exits of a year long ended, so tied to them (ColumnLayout.within)
      ...withinExits(rateTriple('on_time', 'report_on_time_rate', ['Berichte ≤ 14 Tage', 'Austritte (14 Tage abgelaufen)', 'Quote fristgerecht'], 'Abschlussberichte')),
      ...withinExits(rateTriple('integration', 'integration_rate_6m', ['In SV-Beschäftigung/Ausbildung', 'Austritte (182 Tage abgelaufen)', 'Eingliederungsquote'], 'Eingliederung 6 Monate nach Austritt')),
      // a measure without a contract in the year has no places, hence no occupancy at all ('–')
      ...rateTriple('occupancy', 'occupancy_rate', ['Teilnahmetage', 'Platztage', 'Auslastung'], 'Auslastung', 'none'),
    ]),
    // "Insgesamt" first in each group, then "davon" by gender: last, it stood beside the next
    // group's heading and "Austritte … Insgesamt 14" read the Eintritte (a clerk's print review)
    sheet('Nach Geschlecht', 'Eintritte, Austritte, Abschlüsse und Abbrüche nach Geschlecht', GENDER_FIGURES.flatMap(([f, label, indicator, field]) => [
      count(f === 'positive_early_exits' ? 'positive' : f, 'Insgesamt', { indicator, field }, label),
      ...GENDERS.map(([g, gl]): ColumnLayout => ({ key: `${g}_${f}`, header: `davon ${gl.replace(/^Ohne/, 'ohne')}`, group: label, format: 'count', field: `${g}_${f}`, total: 'sum' })),
    ]), {
      rowLines: GENDER_FIGURES.map(([f]) => ({ total: f === 'positive_early_exits' ? 'positive' : f, parts: GENDERS.map(([g]) => `${g}_${f}`) })),
      // each gender's exits bound its outcomes as the totals' do on 'Kennzahlen': men 11 exits,
      // 9 completions, positive early exit and dropout hidden gave 1 each (10^5, 14411-0303)
      boundLines: GENDERS.map(([g]) => ({ total: `${g}_exits`, parts: ['completions', 'positive_early_exits', 'dropouts'].map((f) => `${g}_${f}`) })),
    }),
    directorySheet(ROWS, MEASURE_LABELS),
  ],
  definitions: ['entries', 'exits', 'completion_rate', 'positive_early_exit_rate', 'dropout_rate', 'no_show_rate', 'dropout_reason_share', 'dropout_phase_share', 'goal_achievement_rate', 'report_on_time_rate', 'integration_rate_6m', 'occupancy_rate'],
};
