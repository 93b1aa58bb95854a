/**
 * Return 2: ESF+ participant indicators (Regulation (EU) 2021/1057, Annex I) per ESF-funded
 * measure (funding = 'esf') and in total, by gender (women, men, diverse/non-binary, not
 * stated), plus results on leaving and 6 months after leaving from mart.indicator_values, by
 * gender from mart.esf_results (the same definitions; Annex I: all personal data by gender).
 * Participants: mart.esf_participants (a person counted once per measure).
 */
import { count, directorySheet, GENDERS, JOBCENTER_NAME_SQL, PROVIDER_NAME_SQL, rate, rateTriple } from './common.ts';
import type { ColumnLayout, RowSource, SheetLayout, WorkbookLayout } from './types.ts';

const CHARACTERISTICS: readonly [string, string][] = [
  ['participants', 'Teilnehmende insgesamt'],
  ['unemployed', 'Arbeitslose (einschl. Langzeitarbeitslose)'],
  ['long_term_unemployed', 'Langzeitarbeitslose'],
  // The data hold only unemployed_at_entry (contracts.md): the rest are employed or inactive,
  // which the ESF+ common indicators count apart; labelling them "Nichterwerbstätige" had a
  // managing authority misreport that indicator.
  ['inactive', 'nicht arbeitslos (erwerbstätig oder nichterwerbstätig) (a)'],
  ['under_18', 'unter 18 Jahre'],
  ['age_18_29', '18 bis 29 Jahre'],
  ['age_55_plus', '55 Jahre und älter'],
  ['isced_0_2', 'ISCED 0–2'],
  ['isced_3_4', 'ISCED 3–4'],
  ['isced_5_8', 'ISCED 5–8'],
  ['isced_unknown', 'Bildung ohne Angabe'],
  ['disability', 'Menschen mit Behinderungen'],
  ['third_country', 'Drittstaatsangehörige'],
];

const LABELS: readonly ColumnLayout[] = [
  { key: 'jobcenter_id', header: 'Jobcenter', label: 'jobcenter_id', format: 'text', width: 12 },
  { key: 'measure_id', header: 'Maßnahme-Nr.', label: 'measure_id', format: 'text', width: 16 },
];

/** Every ESF measure of the period, with this gender's counts (0 when the gender has none). */
function genderRows(gender: string): RowSource {
  return {
    id: `esf_${gender}`,
    params: { gender },
    sql: `
      select t.jobcenter_id || '|' || t.measure_id as row_key, t.jobcenter_id, t.measure_id, 'nicht erhoben' as not_collected,
        ${CHARACTERISTICS.map(([c]) => `coalesce(g.${c}, 0) as ${c}`).join(', ')}
      from mart.esf_participants as t
      left join mart.esf_participants as g
        on g.period = t.period and g.jobcenter_id = t.jobcenter_id and g.measure_id = t.measure_id and g.gender = $gender
      where t.period = $period and t.gender = '*' and t.measure_id <> '*' and t.jobcenter_id <> '*'
        and ($jobcenter::varchar is null or t.jobcenter_id = $jobcenter)
      order by t.jobcenter_id, t.measure_id`,
  };
}

const FOOTNOTES = [
  'Personen werden je Maßnahme einmal gezählt (erster Eintritt); Merkmale bei Eintritt. Alter = Eintrittsjahr − Geburtsjahr.',
  '(a) Alle bei Eintritt nicht Arbeitslosen, erwerbstätig (einschl. selbständig) oder nichterwerbstätig: die Teilnahmedaten der Jobcenter enthalten nur das Merkmal „arbeitslos bei Eintritt“. Diese Spalte ist weder der ESF+-Indikator „Nichterwerbstätige“ noch „Erwerbstätige“ und darf nicht als einer von beiden gemeldet werden.',
  '(b) Nicht erhoben: die gemeinsamen ESF+-Indikatoren „Nichterwerbstätige“ und „Erwerbstätige, einschl. Selbständige“ (VO (EU) 2021/1057, Anhang I) lassen sich aus den gelieferten Daten nicht bilden, siehe (a).',
];

/** Where the employment status columns are, a label column says that they are not collected. */
const NOT_COLLECTED: ColumnLayout = { key: 'not_collected', header: 'Erwerbstätige / Nichterwerbstätige (b)', label: 'not_collected', totalText: 'nicht erhoben', format: 'text', width: 16 };

function participantSheet(name: string, gender: string, title: string): SheetLayout {
  return {
    name,
    title,
    rows: genderRows(gender),
    columns: [
      ...LABELS,
      ...CHARACTERISTICS.flatMap(([c, header]): ColumnLayout[] => [
        { key: c, header, format: 'count', field: c, total: 'sum' },
        ...(c === 'inactive' ? [NOT_COLLECTED] : []),
      ]),
    ],
    totalLabel: 'Alle ESF-Maßnahmen',
    rowLines: [
      { total: 'participants', parts: ['unemployed', 'inactive'] },
      { total: 'participants', parts: ['isced_0_2', 'isced_3_4', 'isced_5_8', 'isced_unknown'] },
    ],
    footnotes: FOOTNOTES,
    provisionalBy: 'period',
  };
}

const RESULT_ROWS: RowSource = {
  id: 'esf_measures',
  sql: `
    select m.measure_id as row_key, m.jobcenter_id, m.measure_id, m.provider_id,
      ${PROVIDER_NAME_SQL} as provider_name, ${JOBCENTER_NAME_SQL} as jobcenter_name
    from mart.return_measures as m
    left join mart.provider_names as n on n.provider_id = m.provider_id
    left join mart.jobcenter_names as j on j.jobcenter_id = m.jobcenter_id
    where m.funding = 'esf' and ($jobcenter::varchar is null or m.jobcenter_id = $jobcenter)
      and list_contains(m.years, $period)
    order by m.jobcenter_id, m.measure_id`,
};

/** Every ESF measure of the results sheet, with this gender's results (0 when the gender has none). */
function genderResultRows(gender: string): RowSource {
  const rate = (num: string, den: string) => `CASE WHEN coalesce(g.${den}, 0) > 0 THEN g.${num} / g.${den} END`;
  return {
    id: `esf_results_${gender}`,
    params: { gender },
    sql: `
      select m.measure_id as row_key, m.jobcenter_id, m.measure_id,
        coalesce(g.employed_28, 0) as leaving_num, coalesce(g.exits_28, 0) as leaving_den, ${rate('employed_28', 'exits_28')} as leaving_rate,
        coalesce(g.integrated_182, 0) as integration_num, coalesce(g.exits_182, 0) as integration_den, ${rate('integrated_182', 'exits_182')} as integration_rate,
        coalesce(g.not_unemployed_182, 0) as not_unemployed, ${rate('not_unemployed_182', 'exits_182')} as not_unemployed_rate
      from mart.return_measures as m
      left join mart.esf_results as g
        on g.period = $period and g.jobcenter_id = m.jobcenter_id and g.measure_id = m.measure_id and g.gender = $gender
      where m.funding = 'esf' and ($jobcenter::varchar is null or m.jobcenter_id = $jobcenter)
        and list_contains(m.years, $period)
      order by m.jobcenter_id, m.measure_id`,
  };
}

const LEAVING = 'Unmittelbar (28 Tage)';
const SIX_MONTHS = '6 Monate nach Austritt';

/** The results of one gender: the columns of "Ergebnisse", read from mart.esf_results. */
function genderResultSheet(gender: string, label: string): SheetLayout {
  const counted = (key: string, header: string, group: string): ColumnLayout => ({ key, header, group, format: 'count', field: key, total: 'sum' });
  const rate = (key: string, rateOf: readonly [string, string], group: string, header = 'Quote'): ColumnLayout => ({ key, header, group, format: 'rate', field: key, rateOf, total: 'ratio' });
  return {
    name: `Ergebnisse ${label}`,
    title: `Ergebnisse bei Austritt (28 Tage) und 6 Monate nach Austritt – ${gender === 'unknown' ? 'Geschlecht ohne Angabe' : label} (Einheit: Austritte)`,
    rows: genderResultRows(gender),
    columns: [
      ...LABELS,
      counted('leaving_num', 'In Beschäftigung bei Austritt', LEAVING),
      counted('leaving_den', 'Austritte (28 Tage abgelaufen)', LEAVING),
      rate('leaving_rate', ['leaving_num', 'leaving_den'], LEAVING),
      counted('integration_num', 'In SV-Beschäftigung/Ausbildung', SIX_MONTHS),
      counted('integration_den', 'Austritte (182 Tage abgelaufen)', SIX_MONTHS),
      rate('integration_rate', ['integration_num', 'integration_den'], SIX_MONTHS),
      counted('not_unemployed', 'Nicht arbeitslos', SIX_MONTHS),
      rate('not_unemployed_rate', ['not_unemployed', 'integration_den'], SIX_MONTHS, 'Verbleibsquote'),
    ],
    totalLabel: 'Alle ESF-Maßnahmen',
    footnotes: [
      'Ergebnisse zählen Austritte (Teilnahmen), nicht Personen; Geschlecht laut Teilnahmedaten; Verbleib laut den Statusmeldungen nach dem Austritt (Blatt „Definitionen“).',
      'Die Ergebnisse 6 Monate nach Austritt sind die nationalen Kennzahlen (sozialversicherungspflichtige Beschäftigung oder Ausbildung; nicht arbeitslos), nicht der gemeinsame längerfristige Ergebnisindikator des Anhangs I „Erwerbstätige, einschl. Selbständige, sechs Monate nach der Teilnahme“.',
    ],
  };
}

export const ESF_PARTICIPANTS: WorkbookLayout = {
  id: 'esf-participants',
  // "(VO (EU) 2021/1057, Anhang I)" claimed a conformity the footnotes take back (results by
  // exits, age by year, two common indicators not collected, the national 6-month results)
  title: 'ESF+ – Teilnehmende und Ergebnisse in Anlehnung an VO (EU) 2021/1057, Anhang I (Abweichungen: Fußnoten)',
  periodType: 'year',
  scope: 'state',
  sheets: [
    participantSheet('Insgesamt', '*', 'Teilnehmende nach Merkmalen bei Eintritt – alle Geschlechter'),
    ...GENDERS.map(([g, label]) => participantSheet(label, g, `Teilnehmende nach Merkmalen bei Eintritt – ${g === 'unknown' ? 'Geschlecht ohne Angabe' : label}`)),
    {
      name: 'Ergebnisse',
      title: 'Ergebnisse bei Austritt (28 Tage) und 6 Monate nach Austritt (Einheit: Austritte)',
      rows: RESULT_ROWS,
      columns: [
        ...LABELS,
        ...rateTriple('leaving', 'employed_on_leaving_rate', ['In Beschäftigung bei Austritt', 'Austritte (28 Tage abgelaufen)', 'Quote'], 'Unmittelbar (28 Tage)'),
        ...rateTriple('integration', 'integration_rate_6m', ['In SV-Beschäftigung/Ausbildung', 'Austritte (182 Tage abgelaufen)', 'Quote'], '6 Monate nach Austritt'),
        count('not_unemployed', 'Nicht arbeitslos', { indicator: 'not_unemployed_rate_6m', field: 'numerator' }, '6 Monate nach Austritt'),
        rate('not_unemployed_rate', 'Verbleibsquote', 'not_unemployed_rate_6m', ['not_unemployed', 'integration_den'], '6 Monate nach Austritt'),
      ],
      totalLabel: 'Alle ESF-Maßnahmen',
      footnotes: ['Ergebnisse zählen Austritte (Teilnahmen), nicht Personen; Verbleib laut den Statusmeldungen nach dem Austritt (Blatt „Definitionen“).'],
    },
    ...GENDERS.map(([g, label]) => genderResultSheet(g, label)),
    directorySheet(RESULT_ROWS, [...LABELS, { key: 'provider_id', header: 'Träger-Nr.', label: 'provider_id', format: 'text', width: 12 }]),
  ],
  sheetLines: [
    { total: 'Insgesamt', parts: GENDERS.map(([, label]) => label) },
    { total: 'Ergebnisse', parts: GENDERS.map(([, label]) => `Ergebnisse ${label}`) },
  ],
  definitions: ['esf_participants', 'employed_on_leaving_rate', 'integration_rate_6m', 'not_unemployed_rate_6m'],
};
