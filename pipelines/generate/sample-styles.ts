/**
 * The real-world file styles of the bundled samples: which header words, separators,
 * encodings and value spellings each sender uses. Header words are aliases from
 * pipelines/schema/kinds.ts, so the samples exercise the alias matching.
 */
import { type CsvDialect, GERMAN_EXPORT } from './dialect.ts';

/** Jobcenter reference export (UTF-8, ';', German headers). */
export const JOBCENTERS_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  headers: { jobcenter_id: 'Dienststelle', name: 'Bezeichnung', type: 'Typ', state: 'Bundesland', region: 'Region' },
};

/** Provider register from a spreadsheet "save as CSV": comma-separated, UTF-8 with BOM. */
export const PROVIDERS_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  delimiter: ',',
  bom: true,
  dates: 'iso',
  decimalComma: false,
  headers: { provider_id: 'Träger-Nr', name: 'Name des Trägers', provider_type: 'Trägerart' },
  enumText: { provider_type: { municipal: 'kommunal', independent: 'frei' } },
};

/** Contract-lot list from the purchasing office's old Windows tool: Windows-1252, CRLF, thousands dots. */
export const MEASURES_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  encoding: 'win1252',
  thousands: true,
  eol: '\r\n',
  headers: {
    measure_id: 'Maßnahme-Nr', jobcenter_id: 'Dienststelle', provider_id: 'Träger-Nr', instrument: 'Förderart', title: 'Titel',
    funding: 'Finanzierung', contract_start: 'Vertragsbeginn', contract_end: 'Vertragsende', places: 'Plätze',
    planned_duration_days: 'Dauer (Tage)', cost_total_eur: 'Kosten (EUR)', cooperation_level: 'Kooperationsgrad',
  },
  enumText: {
    funding: { integration_budget: 'Eingliederungstitel', state: 'Land', esf: 'ESF+', municipal: 'Kommune' },
    cooperation_level: { low: 'gering', extended: 'erweitert', intensive: 'intensiv', other: 'sonstige' },
  },
};

/** A gE Jobcenter's participation export: German headers, ja/nein, CRLF. */
export const PARTICIPATIONS_GE_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  booleans: ['ja', 'nein'],
  eol: '\r\n',
  headers: {
    participant_id: 'Kundennummer', jobcenter_id: 'Dienststelle', measure_id: 'Maßnahme-Nr', referral_date: 'Zuweisungsdatum',
    planned_start: 'geplanter Beginn', entry_date: 'Eintritt', planned_end: 'geplantes Ende', exit_date: 'Austritt',
    exit_reason: 'Austrittsgrund', birth_year: 'Geburtsjahr', gender: 'Geschlecht', citizenship: 'Staatsangehörigkeit',
    education_isced: 'Bildung', long_term_unemployed: 'LZA', long_term_recipient: 'LZB', single_parent: 'alleinerziehend',
    disability: 'Schwerbehinderung', unemployed_at_entry: 'arbeitslos bei Eintritt',
  },
  enumText: { gender: { f: 'w' } },
};

/** A zkT's own software: other header words, 1/0 booleans (exit codes lose their leading zero, see build-samples). */
export const PARTICIPATIONS_ZKT_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  headers: {
    ...PARTICIPATIONS_GE_STYLE.headers,
    participant_id: 'TN-ID', measure_id: 'Maßnahmenummer', entry_date: 'Eintrittsdatum', exit_date: 'Austrittsdatum',
    referral_date: 'Zuweisung',
  },
};

/** Monthly absence reports: tab-separated text from a provider portal. */
export const ATTENDANCE_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  delimiter: '\t',
  headers: {
    provider_id: 'Träger-Nr', measure_id: 'Maßnahme-Nr', participant_id: 'Kundennummer', month: 'Monat', days_planned: 'Soll-Tage',
    days_present: 'Anwesend', days_excused: 'E', days_unexcused: 'UE', days_sick: 'K',
  },
};

/** Stock figures from the statistics portal: ';', thousands dots in counts. */
export const STOCKS_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  thousands: true,
  headers: { jobcenter_id: 'Dienststelle', month: 'Monat', elb: 'ELB', unemployed: 'Arbeitslose', long_term_recipients: 'Langzeitleistungsbeziehende' },
};

/** Status events from a data warehouse: comma-separated UTF-8 with BOM, ISO dates, true/false. */
export const OUTCOMES_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  delimiter: ',',
  bom: true,
  dates: 'iso',
  decimalComma: false,
  booleans: ['true', 'false'],
};

/** German header words of a provider's final-report template. */
export const FINAL_REPORT_HEADERS: Readonly<Record<string, string>> = {
  provider_id: 'Träger-Nr', measure_id: 'Maßnahme-Nr', participant_id: 'Kundennummer', report_date: 'Berichtsdatum',
  entry_date: 'Eintritt', exit_date: 'Austritt', outcome: 'Ergebnis', dropout_initiator: 'Abbruch durch',
  dropout_reasons: 'Abbruchgründe', reason_text: 'Begründung', first_warning_date: 'erstes Warnsignal',
  jobcenter_informed_date: 'Jobcenter informiert am', days_planned: 'Soll-Tage', days_attended: 'Ist-Tage',
  absence_excused: 'Fehltage E', absence_unexcused: 'Fehltage UE', absence_sick: 'Fehltage K', goals: 'Zwischenziele',
  debriefing_date: 'Abschlussgespräch', follow_up_recommendation: 'Anschlussempfehlung', participant_feedback: 'Zufriedenheit',
};

/** One provider sends its final reports as German CSV (quoted multi-line free text). */
export const FINAL_REPORTS_CSV_STYLE: CsvDialect = {
  ...GERMAN_EXPORT,
  headers: FINAL_REPORT_HEADERS,
  enumText: {
    outcome: { completed: 'abgeschlossen', dropout: 'Abbruch', no_show: 'Nichtantritt' },
    dropout_initiator: { participant: 'Teilnehmer', provider: 'Träger', mutual: 'einvernehmlich' },
  },
};
