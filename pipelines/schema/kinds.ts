/**
 * The one schema source for every input kind (docs/contracts.md, "Inputs").
 * Raw-table DDL, ingest validation, header aliases, the generator and the TypeScript
 * row types are all derived from this file. Change a contract here, nowhere else.
 */

/** How a column's text is read and stored. */
export type ColumnType =
  | 'pid' // participant id: pseudonymised at ingest, stored as 64 hex chars
  | 'id' // reference id (jobcenter, provider, measure): text, leading zeros kept
  | 'text' // free text: stored, never exported, never interpreted
  | 'date' // YYYY-MM-DD, DD.MM.YYYY or a spreadsheet date cell
  | 'month' // YYYY-MM (stored as the first day of the month, DATE)
  | 'int' // integer; thousands dots accepted
  | 'decimal' // decimal comma or point; thousands separators accepted
  | 'bool' // 1/0, true/false, ja/nein, j/n, yes/no
  | 'exit_code' // '01'..'12'; '3' means '03'
  | 'enum' // one of `values` (after `normalise`)
  | 'reason_list' // '|'-separated dropout reason codes (JSON: array)
  | 'goal_list'; // '|'-separated CODE:status pairs (JSON: array of {code, status})

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: boolean; // the column must exist in the file
  readonly notNull?: boolean; // a row with an empty value is rejected
  readonly aliases?: readonly string[];
  readonly values?: readonly string[]; // enum: canonical values
  readonly normalise?: Readonly<Record<string, string>>; // enum: lower-cased input → canonical
  /** enum / reason_list / goal_list: allowed codes are the `code` column of this reference table. */
  readonly refTable?: RefTable;
  readonly min?: number;
  readonly max?: number;
  /** Provider free text that may hold personal data: kept in the instance, never exported (contracts.md). */
  readonly freeText?: true;
  /** id of a record of this reference kind: a value that lost its leading zeros is refused. */
  readonly references?: 'jobcenters' | 'providers';
  /**
   * The key of that reference list itself: a list re-sent through Excel (6411 where the list
   * holds 06411) would add a second Jobcenter of the same name, and 6411 pass every later check.
   */
  readonly keyOf?: 'jobcenters' | 'providers';
}

export interface KindSpec {
  readonly kind: Kind;
  readonly columns: readonly ColumnSpec[];
  /** Record key: a later file repeating it replaces the earlier version. */
  readonly key: readonly string[];
  /** Column whose date decides "records dated after the as-of date are ignored". */
  readonly dateColumn?: string;
}

export const KINDS = [
  'jobcenters',
  'providers',
  'measures',
  'participations',
  'final_reports',
  'attendance',
  'jobcenter_stocks',
  'outcomes',
] as const;
export type Kind = (typeof KINDS)[number];

const BOOL = 'bool' as const;

export const KIND_SPECS: Readonly<Record<Kind, KindSpec>> = {
  jobcenters: {
    kind: 'jobcenters',
    key: ['jobcenter_id'],
    columns: [
      { name: 'jobcenter_id', type: 'id', required: true, notNull: true, aliases: ['dienststelle', 'jobcenter', 'jobcenter-nr'], keyOf: 'jobcenters' },
      { name: 'name', type: 'text', aliases: ['bezeichnung', 'jobcenter_name'] },
      { name: 'type', type: 'enum', values: ['gE', 'zKT'], normalise: { ge: 'gE', 'gemeinsame einrichtung': 'gE', zkt: 'zKT', optionskommune: 'zKT', 'zugelassener kommunaler träger': 'zKT' }, aliases: ['typ'] },
      { name: 'state', type: 'text', aliases: ['bundesland', 'land'] },
      { name: 'region', type: 'text', aliases: ['region', 'kreis'] },
    ],
  },
  providers: {
    kind: 'providers',
    key: ['provider_id'],
    columns: [
      { name: 'provider_id', type: 'id', required: true, notNull: true, aliases: ['träger-nr', 'traeger-nr', 'trägernummer', 'träger_nr'], keyOf: 'providers' },
      { name: 'name', type: 'text', aliases: ['träger', 'bezeichnung', 'name des trägers'] },
      {
        name: 'provider_type',
        type: 'enum',
        values: ['municipal', 'independent'],
        normalise: { kommunal: 'municipal', kommune: 'municipal', 'kommunaler träger': 'municipal', frei: 'independent', 'freier träger': 'independent' },
        aliases: ['trägerart', 'traegerart'],
      },
    ],
  },
  measures: {
    kind: 'measures',
    key: ['measure_id'],
    columns: [
      { name: 'measure_id', type: 'id', required: true, notNull: true, aliases: ['maßnahme-nr', 'massnahme-nr', 'maßnahmenummer', 'massnahmenummer'] },
      { name: 'jobcenter_id', type: 'id', required: true, notNull: true, aliases: ['dienststelle'], references: 'jobcenters' },
      { name: 'provider_id', type: 'id', required: true, notNull: true, aliases: ['träger-nr', 'traeger-nr'], references: 'providers' },
      { name: 'instrument', type: 'enum', required: true, notNull: true, refTable: 'ref.instruments', aliases: ['förderart', 'foerderart'] },
      { name: 'title', type: 'text', aliases: ['titel', 'maßnahmetitel', 'bezeichnung'] },
      {
        name: 'funding',
        type: 'enum',
        values: ['integration_budget', 'state', 'esf', 'municipal'],
        normalise: { eingliederungstitel: 'integration_budget', land: 'state', 'esf+': 'esf', kommune: 'municipal', kommunal: 'municipal' },
        aliases: ['finanzierung'],
      },
      { name: 'contract_start', type: 'date', aliases: ['vertragsbeginn', 'laufzeit von'] },
      { name: 'contract_end', type: 'date', aliases: ['vertragsende', 'laufzeit bis'] },
      { name: 'places', type: 'int', min: 0, aliases: ['plätze', 'plaetze', 'platzzahl'] },
      // at most 10 years (§ 16i runs 5): a placeholder such as 999999999 loaded and then failed
      // every build ("Date and time not in timestamp range" adding it to a date; an audit)
      { name: 'planned_duration_days', type: 'int', min: 1, max: 3653, aliases: ['dauer (tage)', 'dauer_tage', 'geplante dauer'] },
      { name: 'cost_total_eur', type: 'decimal', min: 0, aliases: ['kosten', 'gesamtkosten', 'kosten (eur)', 'kosten eur'] },
      {
        name: 'cooperation_level',
        type: 'enum',
        values: ['minimal', 'low', 'extended', 'intensive', 'other'],
        normalise: { gering: 'low', erweitert: 'extended', intensiv: 'intensive', sonstige: 'other' },
        aliases: ['kooperationsgrad', 'kooperation'],
      },
    ],
  },
  participations: {
    kind: 'participations',
    key: ['participant_id', 'measure_id', 'referral_date'],
    dateColumn: 'referral_date',
    columns: [
      { name: 'participant_id', type: 'pid', required: true, notNull: true, aliases: ['kundennummer', 'tn-id', 'tn_id'] },
      { name: 'jobcenter_id', type: 'id', required: true, notNull: true, aliases: ['dienststelle'], references: 'jobcenters' },
      { name: 'measure_id', type: 'id', required: true, notNull: true, aliases: ['maßnahme-nr', 'massnahme-nr', 'maßnahmenummer', 'massnahmenummer'] },
      { name: 'referral_date', type: 'date', required: true, notNull: true, aliases: ['zuweisungsdatum', 'zuweisung'] },
      { name: 'planned_start', type: 'date', aliases: ['geplanter beginn'] },
      { name: 'entry_date', type: 'date', aliases: ['eintritt', 'eintrittsdatum'] },
      { name: 'planned_end', type: 'date', aliases: ['geplantes ende'] },
      { name: 'exit_date', type: 'date', aliases: ['austritt', 'austrittsdatum'] },
      { name: 'exit_reason', type: 'exit_code', aliases: ['austrittsgrund'] },
      { name: 'birth_year', type: 'int', min: 1900, max: 2100, aliases: ['geburtsjahr'] },
      {
        name: 'gender',
        type: 'enum',
        values: ['m', 'f', 'd'],
        normalise: { w: 'f', x: 'd', männlich: 'm', weiblich: 'f', divers: 'd' },
        aliases: ['geschlecht'],
      },
      {
        name: 'citizenship',
        type: 'enum',
        values: ['DE', 'EU', 'non_EU'],
        normalise: { de: 'DE', eu: 'EU', non_eu: 'non_EU', 'non-eu': 'non_EU', drittstaat: 'non_EU' },
        aliases: ['staatsangehörigkeit', 'staatsangehoerigkeit'],
      },
      { name: 'education_isced', type: 'int', min: 0, max: 8, aliases: ['bildung', 'isced'] },
      { name: 'long_term_unemployed', type: BOOL, aliases: ['lza'] },
      { name: 'long_term_recipient', type: BOOL, aliases: ['lzb'] },
      { name: 'single_parent', type: BOOL, aliases: ['alleinerziehend'] },
      { name: 'disability', type: BOOL, aliases: ['schwerbehinderung'] },
      { name: 'unemployed_at_entry', type: BOOL, aliases: ['arbeitslos bei eintritt'] },
    ],
  },
  final_reports: {
    kind: 'final_reports',
    key: ['provider_id', 'measure_id', 'participant_id', 'entry_date'],
    dateColumn: 'report_date',
    columns: [
      { name: 'provider_id', type: 'id', required: true, notNull: true, aliases: ['träger-nr', 'traeger-nr'], references: 'providers' },
      { name: 'measure_id', type: 'id', required: true, notNull: true, aliases: ['maßnahme-nr', 'massnahme-nr', 'maßnahmenummer'] },
      { name: 'participant_id', type: 'pid', required: true, notNull: true, aliases: ['kundennummer', 'tn-id', 'tn_id'] },
      { name: 'report_date', type: 'date', required: true, notNull: true, aliases: ['berichtsdatum'] },
      { name: 'entry_date', type: 'date', aliases: ['eintritt', 'eintrittsdatum'] },
      { name: 'exit_date', type: 'date', aliases: ['austritt', 'austrittsdatum'] },
      {
        name: 'outcome',
        type: 'enum',
        values: ['completed', 'dropout', 'positive_early_exit', 'no_show'],
        normalise: { abgeschlossen: 'completed', abbruch: 'dropout', 'no-show': 'no_show', nichtantritt: 'no_show' },
        aliases: ['ergebnis'],
      },
      {
        name: 'dropout_initiator',
        type: 'enum',
        values: ['participant', 'provider', 'jobcenter', 'mutual'],
        normalise: { teilnehmer: 'participant', träger: 'provider', einvernehmlich: 'mutual' },
        aliases: ['abbruch durch'],
      },
      { name: 'dropout_reasons', type: 'reason_list', refTable: 'ref.dropout_reasons', aliases: ['abbruchgründe', 'abbruchgruende'] },
      { name: 'reason_text', type: 'text', aliases: ['begründung', 'begruendung'], freeText: true },
      { name: 'first_warning_date', type: 'date', aliases: ['erstes warnsignal'] },
      { name: 'jobcenter_informed_date', type: 'date', aliases: ['jobcenter informiert am'] },
      { name: 'days_planned', type: 'int', min: 0, aliases: ['soll-tage', 'solltage'] },
      { name: 'days_attended', type: 'int', min: 0, aliases: ['ist-tage', 'isttage'] },
      { name: 'absence_excused', type: 'int', min: 0, aliases: ['fehltage e'] },
      { name: 'absence_unexcused', type: 'int', min: 0, aliases: ['fehltage ue'] },
      { name: 'absence_sick', type: 'int', min: 0, aliases: ['fehltage k'] },
      { name: 'goals', type: 'goal_list', refTable: 'ref.goal_codes', aliases: ['zwischenziele'] },
      { name: 'debriefing_date', type: 'date', aliases: ['abschlussgespräch', 'abschlussgespraech'] },
      { name: 'follow_up_recommendation', type: 'text', aliases: ['anschlussempfehlung'], freeText: true },
      { name: 'participant_feedback', type: 'int', min: 1, max: 5, aliases: ['zufriedenheit'] },
    ],
  },
  attendance: {
    kind: 'attendance',
    key: ['measure_id', 'participant_id', 'month'],
    dateColumn: 'month',
    columns: [
      { name: 'provider_id', type: 'id', aliases: ['träger-nr', 'traeger-nr'], references: 'providers' },
      { name: 'measure_id', type: 'id', required: true, notNull: true, aliases: ['maßnahme-nr', 'massnahme-nr', 'maßnahmenummer'] },
      { name: 'participant_id', type: 'pid', required: true, notNull: true, aliases: ['kundennummer', 'tn-id', 'tn_id'] },
      { name: 'month', type: 'month', required: true, notNull: true, aliases: ['monat', 'berichtsmonat'] },
      { name: 'days_planned', type: 'int', min: 0, max: 31, aliases: ['soll-tage', 'solltage'] },
      { name: 'days_present', type: 'int', min: 0, max: 31, aliases: ['anwesend', 'ist-tage'] },
      { name: 'days_excused', type: 'int', min: 0, max: 31, aliases: ['e', 'fehltage e', 'entschuldigt'] },
      { name: 'days_unexcused', type: 'int', min: 0, max: 31, aliases: ['ue', 'fehltage ue', 'unentschuldigt'] },
      { name: 'days_sick', type: 'int', min: 0, max: 31, aliases: ['k', 'fehltage k', 'krank'] },
    ],
  },
  jobcenter_stocks: {
    kind: 'jobcenter_stocks',
    key: ['jobcenter_id', 'month'],
    dateColumn: 'month',
    columns: [
      { name: 'jobcenter_id', type: 'id', required: true, notNull: true, aliases: ['dienststelle'], references: 'jobcenters' },
      { name: 'month', type: 'month', required: true, notNull: true, aliases: ['monat', 'berichtsmonat'] },
      { name: 'elb', type: 'int', min: 0, aliases: ['erwerbsfähige leistungsberechtigte', 'elb'] },
      { name: 'unemployed', type: 'int', min: 0, aliases: ['arbeitslose'] },
      { name: 'long_term_recipients', type: 'int', min: 0, aliases: ['langzeitleistungsbeziehende', 'lzb'] },
    ],
  },
  outcomes: {
    kind: 'outcomes',
    key: ['participant_id', 'status_date'],
    dateColumn: 'status_date',
    columns: [
      { name: 'participant_id', type: 'pid', required: true, notNull: true, aliases: ['kundennummer', 'tn-id', 'tn_id'] },
      { name: 'jobcenter_id', type: 'id', aliases: ['dienststelle'], references: 'jobcenters' },
      { name: 'status_date', type: 'date', required: true, notNull: true, aliases: ['statusdatum', 'datum'] },
      {
        name: 'status',
        type: 'enum',
        required: true,
        notNull: true,
        values: [
          'employed_svp',
          'apprenticeship',
          'self_employed',
          'marginal_employment',
          'education_training',
          'job_searching',
          'unemployed',
          'inactive',
          'in_measure',
        ],
        aliases: ['status'],
      },
      { name: 'subsidised', type: BOOL, aliases: ['gefördert', 'gefoerdert'] },
    ],
  },
};

/** Reference tables shipped as versioned CSV in sql/reference/ (loaded into schema `ref`). */
export type RefTable = 'ref.instruments' | 'ref.dropout_reasons' | 'ref.goal_codes';

/** Statuses of a goal in a final report's `goals` (contracts.md). */
export const GOAL_STATUSES = ['achieved', 'partial', 'not_achieved', 'open'] as const;

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}
