/**
 * Return 3: Jobcenter quarterly controlling workbook — one sheet per indicator group with
 * measures × quarters of the year up to the return's quarter, the provider comparison
 * (observed/expected dropouts, mart.dropout_funnel), overdue final reports (counts only)
 * and data quality (mart.data_quality, mart.data_sources).
 */
import { directorySheet, KIND_LABEL_SQL, PROVIDER_NAME, PROVIDER_NAME_SQL } from './common.ts';
import type { ColumnLayout, Pick, RowSource, SheetLayout, WorkbookLayout } from './types.ts';

const QUARTERS = [1, 2, 3, 4] as const;

const LABELS: readonly ColumnLayout[] = [
  { key: 'measure_id', header: 'Maßnahme-Nr.', label: 'measure_id', format: 'text', width: 16 },
  { key: 'instrument', header: 'Instrument', label: 'instrument', format: 'text', width: 11 },
  { key: 'provider_id', header: 'Träger-Nr.', label: 'provider_id', format: 'text', width: 12 },
];

/** The Jobcenter's measures that `which` (an SQL condition on m, mart.return_measures) picks. */
function jobcenterMeasures(id: string, which: string): RowSource {
  return {
    id,
    jobcenterField: 'jobcenter_id',
    sql: `
      select m.measure_id as row_key, m.measure_id, m.instrument, m.provider_id, m.jobcenter_id, ${PROVIDER_NAME_SQL} as provider_name
      from mart.return_measures as m
      left join mart.provider_names as n using (provider_id)
      where ($jobcenter::varchar is null or m.jobcenter_id = $jobcenter) and (${which})
      order by m.measure_id`,
  };
}

/** All measures of the Jobcenter with any figure in the year (a quarter's figure implies one for its year). */
const MEASURES = jobcenterMeasures('jobcenter_measures', 'list_contains(m.years, $year)');

/**
 * The directory's measures: those of the figure sheets and those with overdue reports at the
 * Datenstand (a lot of an earlier year whose reports are still missing): the sheet
 * „Überfällige Berichte“ named providers to chase that no sheet named.
 */
const DIRECTORY_MEASURES = jobcenterMeasures(
  'jobcenter_directory',
  `list_contains(m.years, $year) or m.measure_id in (
     select measure_id from mart.return_figures
     where indicator = 'reports_overdue' and breakdown = '*' and period_type = 'stichtag' and period = $as_of and value > 0)`,
);

/** Exits and referrals as the exits and access sheets show them: rates over them are hidden with them. */
const EXITS: Omit<Pick, 'quarter'> = { indicator: 'dropout_rate', field: 'denominator' };
const REFERRALS: Omit<Pick, 'quarter'> = { indicator: 'referrals' };
const DROPOUTS: Omit<Pick, 'quarter'> = { indicator: 'dropout_rate', field: 'numerator' };

/** A rate column per quarter shown without its counts: hidden where the counts it is a share of (or bounds) are. */
function rateByQuarter(key: string, group: string, indicator: string, ...over: Omit<Pick, 'quarter'>[]): ColumnLayout[] {
  return byQuarter(key, group, 'rate', { indicator }).map((c) => ({ ...c, hiddenWith: over }));
}

/**
 * A rate per quarter and, beside it, its denominator per quarter: 61,5 % of 13 exits reads
 * otherwise than of 130 (the sheets showed rates alone). The denominators have no total, as
 * the numerators are not on the sheet. `over`: counts on another sheet that the denominator
 * is among (exits whose window is over, among the quarter's exits: the same number once it
 * has closed). Where one of them is hidden, the denominator and the rate are too: a shown
 * denominator gave a hidden exit count back. The other way round nothing is given back (a
 * hidden denominator of 1–4 under 5 shown exits stays 1–4), so a bound line, which hid the
 * exits with it (a 5 on „Austritte“ of the samples), is not drawn.
 */
function rateWithBase(key: string, group: string, baseGroup: string, indicator: string, over: readonly Omit<Pick, 'quarter'>[] = []): ColumnLayout[] {
  const base: Omit<Pick, 'quarter'> = { indicator, field: 'denominator' };
  return [
    ...rateByQuarter(key, group, indicator, ...over, base),
    ...QUARTERS.map((q): ColumnLayout => ({ key: `${key}_base_q${q}`, header: `Q${q}`, group: baseGroup, format: 'count', pick: { ...base, quarter: q }, ...(over.length ? { hiddenWith: over } : {}) })),
  ];
}

/** One column per quarter of an indicator figure; counts are summed in the total row. */
function byQuarter(key: string, group: string, format: 'count' | 'rate' | 'days', pick: Omit<Pick, 'quarter'>): ColumnLayout[] {
  return QUARTERS.map((q) => ({
    key: `${key}_q${q}`,
    header: `Q${q}`,
    group,
    format,
    pick: { ...pick, quarter: q },
    ...(format === 'count' ? { total: 'sum' as const } : {}),
  }));
}

/**
 * What the sheet's total row holds, in words: each sheet says it of its own columns (one
 * note for all four named an Abbruchquote on sheets without one, and a total row on sheets
 * of rates only, which have none).
 */
function groupSheet(name: string, title: string, columns: ColumnLayout[], note: string): SheetLayout {
  return { name, title, rows: MEASURES, columns: [...LABELS, ...columns], totalLabel: 'Summe der Maßnahmen', footnotes: [note] };
}

const NO_TOTALS = 'Ohne Summenzeile, weil die Zähler der Quoten nicht auf dem Blatt stehen.';

export const QUARTERLY_CONTROLLING: WorkbookLayout = {
  id: 'quarterly-controlling',
  title: 'Jobcenter – Quartalscontrolling Maßnahmen',
  periodType: 'quarter',
  scope: 'jobcenter',
  sheets: [
    groupSheet('Zugang', 'Zuweisungen, Nichtantritte und Eintritte je Quartal', [
      ...byQuarter('referrals', 'Zuweisungen', 'count', REFERRALS),
      ...rateByQuarter('no_show', 'Nichtantrittsquote', 'no_show_rate', REFERRALS),
      ...byQuarter('entries', 'Eintritte', 'count', { indicator: 'entries' }),
    ], 'Die Summenzeile addiert die Anzahlen; die Nichtantrittsquote hat dort keinen Wert, weil ihr Zähler und Nenner nicht auf dem Blatt stehen.'),
    groupSheet('Austritte', 'Austritte, Abbrüche und Abschlüsse je Quartal', [
      ...byQuarter('exits', 'Austritte', 'count', EXITS),
      ...byQuarter('dropouts', 'Abbrüche', 'count', DROPOUTS),
      // its total row: Abbrüche ÷ Austritte of the total row (the Jobcenter's quarter, 5 of 15)
      ...byQuarter('dropout_rate', 'Abbruchquote', 'rate', { indicator: 'dropout_rate' }).map((c, i) => ({
        ...c,
        rateOf: [`dropouts_q${QUARTERS[i]}`, `exits_q${QUARTERS[i]}`] as const,
        total: 'ratio' as const,
      })),
      // completions (rate × exits) and dropouts are among the exits: 90 % of 10 exits left a
      // hidden dropout count at most 1, so 1; the rate is hidden with the dropouts as well
      ...rateByQuarter('completion_rate', 'Abschlussquote', 'completion_rate', EXITS, DROPOUTS),
    ], 'Die Summenzeile addiert die Anzahlen; ihre Abbruchquote ist Abbrüche ÷ Austritte der Summenzeile. Die Abschlussquote hat dort keinen Wert, weil ihr Zähler nicht auf dem Blatt steht.'),
    groupSheet('Nachbetreuung', 'Abschlussberichte, Abschlussgespräche, Beschäftigung bei Austritt und Eingliederung je Quartal', [
      ...rateWithBase('on_time', 'Berichte fristgerecht', 'Austritte, 14 Tage vorbei', 'report_on_time_rate', [EXITS]),
      ...rateWithBase('debriefing', 'Abschlussgespräch', 'Austritte, 42 Tage vorbei', 'debriefing_rate', [EXITS]),
      ...rateWithBase('leaving', 'Beschäftigt bei Austritt', 'Austritte, 28 Tage vorbei', 'employed_on_leaving_rate', [EXITS]),
      ...rateWithBase('integration', 'Eingliederungsquote 6 Monate', 'Austritte, 182 Tage vorbei', 'integration_rate_6m', [EXITS]),
    ], `Quoten je Maßnahme, jede mit ihrem Nenner daneben: den Austritten des Quartals, deren Frist vorbei ist (in einem Quartal ohne offene Frist alle seine Austritte, Blatt „Austritte“). ${NO_TOTALS}`),
    groupSheet('Zwischenziele', 'Zwischenziele je Quartal', [
      ...rateWithBase('goals', 'Ziele erreicht (Anteil)', 'Ziele vereinbart', 'goal_achievement_rate'),
      ...rateWithBase('progress', 'Berichte mit Fortschritt', 'Berichte mit Zielen', 'goal_progress_rate'),
    ], `Quoten je Maßnahme, jede mit ihrem Nenner daneben: den vereinbarten Zielen der Abschlussberichte, den Berichten mit mindestens einem Ziel. ${NO_TOTALS}`),
    {
      name: 'Trägervergleich',
      title: 'Abbrüche beobachtet ÷ erwartet je Träger (fairer Vergleich, Kalenderjahr)',
      periodOf: 'year',
      // a closed year is final (the mart's flag), whatever other sheets of the quarter hold
      provisionalField: 'provisional',
      rows: {
        id: 'funnel_providers',
        jobcenterField: 'jobcenter_id',
        sql: `
          select provider_id as row_key, provider_id, ${PROVIDER_NAME_SQL} as provider_name, exits, observed, expected, oe_ratio, ci_low, ci_high, suppressed, provisional, jobcenter_id
          from mart.dropout_funnel
          left join mart.provider_names as n using (provider_id)
          where level = 'provider' and period_type = 'year' and period = $year and instrument = '*'
            and ($jobcenter::varchar is null or jobcenter_id = $jobcenter)
          order by provider_id`,
      },
      columns: [
        { key: 'provider_id', header: 'Träger-Nr.', label: 'provider_id', format: 'text', width: 12 },
        PROVIDER_NAME,
        { key: 'exits', header: 'Austritte', format: 'count', field: 'exits' },
        { key: 'observed', header: 'Abbrüche beobachtet', format: 'count', field: 'observed', suppressedField: 'suppressed' },
        { key: 'expected', header: 'Abbrüche erwartet', format: 'ratio', field: 'expected', suppressedField: 'suppressed' },
        // the ratio and Byar's interval give observed back from expected: hidden with it
        { key: 'oe_ratio', header: 'Beobachtet ÷ erwartet', format: 'ratio', field: 'oe_ratio', suppressedField: 'suppressed', rateOf: ['observed', 'expected'] },
        { key: 'ci_low', header: '95-%-KI unten', format: 'ratio', field: 'ci_low', suppressedField: 'suppressed', rateOf: ['observed', 'expected'] },
        { key: 'ci_high', header: '95-%-KI oben', format: 'ratio', field: 'ci_high', suppressedField: 'suppressed', rateOf: ['observed', 'expected'] },
      ],
      // a provider's year figures are its measures' quarters on 'Austritte': the year minus
      // the visible quarters gave a hidden quarter back (06412, Q4 2025 of the samples)
      groupLines: [
        { total: 'exits', sheet: 'Austritte', by: 'provider_id', parts: QUARTERS.map((q) => `exits_q${q}`) },
        { total: 'observed', sheet: 'Austritte', by: 'provider_id', parts: QUARTERS.map((q) => `dropouts_q${q}`) },
      ],
      footnotes: [
        '95-%-KI: 95-%-Konfidenzintervall des Verhältnisses (nach Byar); liegt 1 darin, weicht der Träger nicht auffällig ab.',
        'Erwartet: jeder Austritt gewichtet mit der Abbruchquote seiner Schicht (Altersgruppe × Langzeitarbeitslosigkeit × Instrument). Keine Rangfolge: ein Verhältnis ist nur außerhalb seines Intervalls auffällig.',
        'Ein Träger, der ein Instrument als einziger durchführt, bestimmt die Abbruchquote seiner Schichten selbst: sein Verhältnis liegt dann bei 1 und sagt nichts über ihn aus.',
      ],
    },
    {
      name: 'Überfällige Berichte',
      title: 'Überfällige Abschlussberichte (Anzahl, keine Personen) zum Datenstand',
      periodOf: 'as-of',
      rows: {
        id: 'overdue',
        jobcenterField: 'jobcenter_id',
        sql: `
          select m.measure_id as row_key, m.measure_id, m.instrument, m.provider_id, v.value as overdue, v.period as stichtag, m.jobcenter_id
          from mart.return_measures as m
          join mart.return_figures as v on v.measure_id = m.measure_id
          where v.indicator = 'reports_overdue' and ($jobcenter::varchar is null or m.jobcenter_id = $jobcenter) and v.breakdown = '*'
            and v.period_type = 'stichtag' and v.period = $as_of
            -- the measures with reports to chase (the mart also counts 0 for every measure with an exit)
            and v.value > 0
          order by m.measure_id`,
      },
      columns: [...LABELS, { key: 'overdue', header: 'Berichte überfällig', format: 'count', field: 'overdue', total: 'sum' }],
      totalLabel: 'Insgesamt',
    },
    {
      name: 'Datenqualität',
      title: 'Datenqualität: Prüfungen, abgelehnte Zeilen, Konflikte, nicht zugeordnete Berichte',
      periodOf: 'as-of',
      rows: {
        id: 'data_quality',
        // A check's rows of this Jobcenter (its measures and participations), and apart from
        // them the rows no Jobcenter can be named for; rejected rows only Land-wide, per kind of
        // file (a file's name can name a person: the return leaves the house, names stay in meta).
        sql: `
          select 'check|' || q."check" as row_key, 'Prüfung' as source, coalesce(l.label, q."check") as item,
            case q.severity when 'error' then 'Fehler' when 'warning' then 'Warnung' when 'info' then 'Hinweis' else q.severity end as severity,
            coalesce(l.description, q.description) as description,
            coalesce((select sum(j.failing_rows) from mart.data_quality_jobcenter as j
                      where j."check" = q."check" and ($jobcenter::varchar is null or j.jobcenter_id = $jobcenter)), 0) as n,
            coalesce((select sum(j.failing_rows) from mart.data_quality_jobcenter as j
                      where j."check" = q."check" and j.jobcenter_id is null), 0) as n_land,
            false as never
          from mart.data_quality as q
          left join ref.check_labels as l on l."check" = q."check"
          union all
          select 'rejects|' || kind, 'Laden', ${KIND_LABEL_SQL}, 'Warnung',
            'abgelehnte Zeilen in ' || count(*) || (case count(*) when 1 then ' Datei' else ' Dateien' end) || ' (welche Zeilen und warum: *.reasons.txt neben der Datei im Archiv, oder meta.rejects)',
            null, sum(rows_rejected), false
          from mart.data_sources
          where rows_rejected > 0
          group by kind
          order by 1`,
      },
      columns: [
        { key: 'source', header: 'Quelle', label: 'source', format: 'text', width: 10 },
        { key: 'item', header: 'Prüfung / Dateiart', label: 'item', format: 'text', width: 34 },
        { key: 'severity', header: 'Schweregrad', label: 'severity', format: 'text', width: 12 },
        { key: 'description', header: 'Beschreibung', label: 'description', format: 'text', width: 60, wrap: true },
        // Counts of faulty records, not of persons: not subject to disclosure control.
        { key: 'n', header: 'Zeilen dieses Jobcenters', format: 'count', field: 'n', suppressedField: 'never', missing: 'none' },
        { key: 'n_land', header: 'Zeilen ohne Jobcenter-Bezug (landesweit)', format: 'count', field: 'n_land', suppressedField: 'never', width: 16 },
      ],
      footnotes: [
        'Zeilen dieses Jobcenters: Befunde zu seinen Maßnahmen und Teilnahmen (zugeordnet über die Maßnahme oder die Teilnahme). '
          + 'Ohne Jobcenter-Bezug (landesweit, alle Jobcenter zusammen): Befunde, die sich keinem Jobcenter zuordnen lassen (doppelte Schlüssel, Berichte zu unbekannten Maßnahmen, Maßnahmen und Teilnahmen unbekannter Jobcenter), '
          + 'und beim Laden abgelehnte Zeilen (Dateien werden nicht nach Jobcenter getrennt). Nur Anzahlen, keine Kennungen.',
        'Die Anzahlen dieses Blatts zählen fehlerhafte Datensätze, keine Personen mit Merkmalen: kleine Werte sind hier nicht unterdrückt (anders als auf den übrigen Blättern, Regel siehe Deckblatt).',
      ],
    },
    directorySheet(DIRECTORY_MEASURES, LABELS),
  ],
  definitions: ['referrals', 'no_show_rate', 'entries', 'exits', 'dropout_rate', 'completion_rate', 'report_on_time_rate', 'debriefing_rate', 'employed_on_leaving_rate', 'integration_rate_6m', 'goal_achievement_rate', 'goal_progress_rate', 'reports_overdue', 'dropout_oe_ratio'],
};
