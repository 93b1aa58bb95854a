/** Pieces several layouts share: row label columns and the standard code lists (contracts.md). */
import type { Kind } from '../../pipelines/schema/kinds.ts';
import type { ColumnLayout, Pick, RowSource, SheetLayout } from './types.ts';

export const MEASURE_LABELS: readonly ColumnLayout[] = [
  { key: 'jobcenter_id', header: 'Jobcenter', label: 'jobcenter_id', format: 'text', width: 12 },
  { key: 'measure_id', header: 'Maßnahme-Nr.', label: 'measure_id', format: 'text', width: 16 },
  { key: 'instrument', header: 'Instrument', label: 'instrument', format: 'text', width: 11 },
  { key: 'provider_id', header: 'Träger-Nr.', label: 'provider_id', format: 'text', width: 12 },
];

/** Dropout reason codes (contracts.md, "Dropout reason codes"), German labels from ref.dropout_reasons. */
export const DROPOUT_REASONS: readonly [string, string][] = [
  ['health', 'Gesundheit'], ['mental_strain', 'Psychische Belastung'], ['overload', 'Überforderung'],
  ['childcare', 'Kinderbetreuung'], ['care_duties', 'Pflegeaufgaben'], ['housing', 'Wohnsituation'],
  ['family_conflict', 'Familiäre Konflikte'], ['language', 'Sprache'], ['transport', 'Mobilität / Anfahrt'],
  ['poor_fit', 'Maßnahme passt nicht'], ['insufficient_information', 'Unzureichende Information vorab'],
  ['motivation', 'Motivation'], ['conflict_with_provider', 'Konflikt mit dem Träger'], ['job_uptake', 'Arbeitsaufnahme'],
  ['training_uptake', 'Ausbildungsaufnahme'], ['moved', 'Umzug'], ['other', 'Sonstiges'], ['missing', 'Nicht angegeben'],
];

/** Dropout phases (indicators.md, "Dropout phase"); the dashboards use the same labels. */
export const DROPOUT_PHASES: readonly [string, string][] = [
  ['first_14_days', 'Erste 14 Tage'], ['early', 'Frühe Phase (< ⅓)'], ['middle', 'Mittlere Phase (< ⅔)'], ['late', 'Späte Phase'],
];
/** A dropout whose participation has no planned end has no phase; it is shown, not dropped. */
export const PHASE_UNKNOWN: readonly [string, string] = ['unknown', 'Phase unbekannt'];
/** The phase boundaries of indicators.md in words, under every phase table or chart. */
export const PHASE_NOTE = 'Phase: bis 14 Tage nach Eintritt, sonst nach dem verstrichenen Anteil der geplanten Dauer (< ⅓ früh, < ⅔ mittel, sonst spät).';

/** Intermediate goal codes (contracts.md), German labels from ref.goal_codes. */
export const GOALS: readonly [string, string][] = [
  ['daily_structure', 'Tagesstruktur'], ['health_stabilisation', 'Gesundheitliche Stabilisierung'], ['language', 'Sprachkenntnisse'],
  ['application_documents', 'Bewerbungsunterlagen'], ['career_orientation', 'Berufliche Orientierung'], ['skills', 'Fachliche Kenntnisse'],
  ['internship', 'Praktikum'], ['childcare_solved', 'Kinderbetreuung geklärt'], ['housing_solved', 'Wohnsituation geklärt'],
  ['debt_or_addiction_counselling', 'Schuldner- oder Suchtberatung'], ['digital_skills', 'Digitale Kompetenzen'],
  ['driving_licence', 'Führerschein'], ['self_efficacy', 'Selbstwirksamkeit'], ['other', 'Sonstiges'],
];

/** Capitalised alike: they head columns and name sheets ('ohne Angabe' stood lower-case among them). */
export const GENDERS: readonly [string, string][] = [['f', 'Frauen'], ['m', 'Männer'], ['d', 'Divers'], ['unknown', 'Ohne Angabe']];

/** A count column summed in the total row. */
export function count(key: string, header: string, pick: Pick, group?: string): ColumnLayout {
  return { key, header, group, format: 'count', pick, total: 'sum' };
}

/** A rate next to its numerator and denominator columns; the total row shows their ratio. */
export function rate(key: string, header: string, indicator: string, rateOf: readonly [string, string], group?: string): ColumnLayout {
  return { key, header, group, format: 'rate', pick: { indicator }, rateOf, total: 'ratio' };
}

/**
 * Columns of one rate: numerator, denominator, rate. `missing: 'none'` where the mart has no
 * row only when the figure does not exist (occupancy: no contract in the period), not when
 * nothing happened (no exits: 0 of 0).
 */
export function rateTriple(prefix: string, indicator: string, headers: readonly [string, string, string], group?: string, missing?: 'none'): ColumnLayout[] {
  const counts = (key: string, header: string, field: 'numerator' | 'denominator'): ColumnLayout => ({ ...count(key, header, { indicator, field }, group), ...(missing ? { missing } : {}) });
  return [
    counts(`${prefix}_num`, headers[0], 'numerator'),
    counts(`${prefix}_den`, headers[1], 'denominator'),
    rate(`${prefix}_rate`, headers[2], indicator, [`${prefix}_num`, `${prefix}_den`], group),
  ];
}

/** The input kinds as a reader of the return knows them. */
export const KIND_LABELS: Readonly<Record<Kind, string>> = {
  jobcenters: 'Jobcenter',
  providers: 'Träger',
  measures: 'Maßnahmen',
  participations: 'Teilnahmen',
  final_reports: 'Abschlussberichte',
  attendance: 'Anwesenheit',
  jobcenter_stocks: 'Bestandszahlen',
  outcomes: 'Verbleib',
};

/** SQL: the German label of the `kind` column. */
export const KIND_LABEL_SQL = `case kind ${Object.entries(KIND_LABELS).map(([k, l]) => `when '${k}' then '${l}'`).join(' ')} else kind end`;

/**
 * SQL: a name from a reference list (alias `n`: mart.provider_names, `j`: mart.jobcenter_names)
 * on one line. The lists are the Jobcenters' reference data, not a provider's free text; a
 * line break in one made the row several lines high.
 */
const oneLine = (alias: string): string => `nullif(trim(regexp_replace(${alias}.name, '\\s+', ' ', 'g')), '')`;
export const PROVIDER_NAME_SQL = oneLine('n');
export const JOBCENTER_NAME_SQL = oneLine('j');

/** The provider's name beside its number: "001053" alone meant nothing to a funder's clerk. */
export const PROVIDER_NAME: ColumnLayout = { key: 'provider_name', header: 'Träger', label: 'provider_name', format: 'text', width: 30, wrap: true };
const JOBCENTER_NAME: ColumnLayout = { key: 'jobcenter_name', header: 'Jobcenter (Name)', label: 'jobcenter_name', format: 'text', width: 26, wrap: true };

/**
 * The return's measures with their provider's name (and Jobcenter's, where the return has
 * several): the figure sheets name both by number only, to keep them narrow enough to print.
 * Every measure the other sheets name; no figures, so nothing to suppress.
 */
export function directorySheet(rows: RowSource, labels: readonly ColumnLayout[]): SheetLayout {
  const columns = labels.flatMap((c) => (c.key === 'provider_id' ? [c, PROVIDER_NAME] : c.key === 'jobcenter_id' ? [c, JOBCENTER_NAME] : [c]));
  return {
    name: 'Verzeichnis',
    title: 'Maßnahmen dieser Meldung mit ihrem Träger',
    periodOf: 'year',
    rows,
    columns,
    footnotes: [
      'Namen wie im Trägerverzeichnis (Lieferung „Träger“) und in der Jobcenterliste; leer, wo ein Träger oder Jobcenter dort fehlt. Instrumente: Blatt „Definitionen“.',
    ],
  };
}
