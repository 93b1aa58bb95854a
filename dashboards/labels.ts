/**
 * All German wording of the dashboards in one place. Code labels come from the shipped
 * reference tables (ref.*, loaded from sql/reference/*.csv) or from fixed lists here —
 * never from provider free text.
 */
import type { Db } from '../pipelines/db/database.ts';
import { DROPOUT_PHASES, PHASE_NOTE, PHASE_UNKNOWN } from '../reports/layouts/common.ts';

export const INDICATOR_LABELS: Readonly<Record<string, string>> = {
  referrals: 'Zuweisungen',
  entries: 'Eintritte',
  exits: 'Austritte',
  participants_active: 'Teilnehmende am Monatsende',
  no_show_rate: 'Nichtantrittsquote',
  dropout_rate: 'Abbruchquote',
  completion_rate: 'Abschlussquote',
  positive_early_exit_rate: 'Vorzeitig positiver Austritt',
  dropout_phase_share: 'Anteil nach Abbruchphase',
  dropout_reason_share: 'Anteil nach Abbruchgrund',
  dropout_notified_before_rate: 'Jobcenter vor dem Abbruch informiert',
  goal_achievement_rate: 'Zwischenziele erreicht',
  goal_progress_rate: 'Fortschritt bei Zwischenzielen',
  goal_progress_rate_dropouts: 'Fortschritt bei Zwischenzielen (Abbrechende)',
  report_on_time_rate: 'Abschlussbericht fristgerecht',
  reports_overdue: 'Überfällige Abschlussberichte',
  debriefing_rate: 'Abschlussgespräch geführt',
  attendance_rate: 'Anwesenheitsquote',
  at_risk_participants: 'Gefährdete Teilnehmende',
  occupancy_rate: 'Auslastung',
  // one pattern: the quote and what its denominator counts (a review found three)
  activation_rate_aq1: 'Aktivierungsquote AQ1 (Aktivierte und Arbeitslose)',
  activation_rate_elb: 'Aktivierungsquote ELB (erwerbsfähige Leistungsberechtigte)',
  activation_rate_ltr: 'Aktivierungsquote LZB (Langzeitleistungsbeziehende)',
  integration_rate_6m: 'Eingliederungsquote (6 Monate)',
  not_unemployed_rate_6m: 'Verbleibsquote (6 Monate)',
  employed_on_leaving_rate: 'Beschäftigt bei Austritt (ESF+)',
  retention_km: 'Verbleib ohne Abbruch 180 Tage nach Eintritt (Kaplan-Meier)',
  cost_per_participant: 'Kosten je Teilnahme',
  cost_per_successful_exit: 'Kosten je erfolgreichem Austritt',
};

/** The phases as the returns label them (one list: a figure reads the same in both), with 'unknown'. */
export const PHASE_LABELS: Readonly<Record<string, string>> = Object.fromEntries([...DROPOUT_PHASES, PHASE_UNKNOWN]);
export { PHASE_NOTE };

export const ALL_LABEL = {
  jobcenter: 'Alle Jobcenter',
  instrument: 'Alle Instrumente',
  provider: 'Alle Träger',
} as const;

/** How a chart marks a hidden figure where leaving it out would read as 0 or as no data. */
export const HIDDEN_MARK = '•';
/**
 * What a page hides: 'primary', small figures only (the internal pages); 'merged', small
 * figures and the cells from which they could be worked out through the totals
 * (complementary suppression), not told apart (the public page, pages.ts oneHiddenFlag).
 */
export type Suppression = 'primary' | 'merged';
/** A hidden figure's status: on the public page most hidden cells are complements, not small figures. */
export const HIDDEN_STATUS: Readonly<Record<Suppression, string>> = {
  primary: 'unterdrückt (kleine Fallzahl)',
  merged: 'unterdrückt (kleine Fallzahl oder Gegenrechnung zur Summe)',
};
/** The key to the hidden mark under a chart's title (`mark`: what the chart draws for it). */
export function hiddenNote(suppression: Suppression = 'primary', mark: string = HIDDEN_MARK): string {
  return `${mark} = ${HIDDEN_STATUS[suppression]}`;
}

/** The hidden counts as a range for page text: threshold 5 → '1–4', 2 → '1'. */
export function smallCounts(threshold: number): string {
  return threshold > 2 ? `1–${threshold - 1}` : '1';
}

/** The page note on suppression, for the threshold the marts were built with (ALMP_SUPPRESSION_THRESHOLD). */
export function suppressedNote(threshold: number, suppression: Suppression = 'primary'): string {
  if (threshold <= 1) return 'Keine Fallzahl ist unterdrückt (Schwelle 1): diese Seiten nicht veröffentlichen.';
  return suppression === 'merged'
    ? `Kleine Fallzahlen (${smallCounts(threshold)}) sind unterdrückt und werden nicht angezeigt, ebenso Zellen, aus denen sie sich über die Summen zurückrechnen ließen (Gegenrechnung zur Summe). Welcher der beiden Gründe vorliegt, sagt eine Zelle nicht: ihr Status lautet „${HIDDEN_STATUS.merged}“.`
    : `Kleine Fallzahlen (${smallCounts(threshold)}) sind unterdrückt und werden nicht angezeigt.`;
}
/**
 * What a page says where JavaScript is off: its charts, tables, filters and CSV files are all
 * made by the page script, and the page showed empty selects and bare buttons. `images`: the
 * folder beside the page that holds its charts as images and their kinds; `own` false for a
 * Jobcenter's page, which has none of its own and points to the overall page's.
 */
export function noScriptNote(images?: { readonly folder: string; readonly kinds: string; readonly own: boolean }): string {
  const without = 'Diese Seite braucht JavaScript: ohne es zeigt sie keine Diagramme, Tabellen und Filter, und „Daten als CSV (Excel)“ speichert nichts (CSV-Dateien macht nur die Seite selbst).';
  if (!images) return `${without} Bilder der Diagramme liegen neben dieser Datei nicht bereit.`;
  return images.own
    ? `${without} Die Diagramme liegen als Bilder (${images.kinds}) im Ordner „${images.folder}“ neben dieser Datei, in der Auswahl, mit der die Seite öffnet.`
    : `${without} Für diese Seite liegen keine Bilder bereit; die Diagramme aller Jobcenter zusammen liegen als Bilder (${images.kinds}) im Ordner „${images.folder}“ neben dieser Datei.`;
}
export const PROVISIONAL_NOTE = 'Vorläufig: Zeiträume, die weniger als 3 Monate vor dem Datenstand enden.';

export interface CodeLabels {
  readonly reasons: Readonly<Record<string, string>>;
  readonly goals: Readonly<Record<string, string>>;
  readonly instruments: Readonly<Record<string, string>>;
  /** Counts 1..threshold-1 are hidden: the marts' rule (mart.return_disclosure), so texts name the range that was applied. */
  readonly threshold: number;
  /** Jobcenter id → "name (id)" from mart.jobcenter_names; an id not in it is shown as "Jobcenter <id>". */
  readonly jobcenters?: Readonly<Record<string, string>>;
  /** Provider id → "id name" from mart.provider_names (the number first: lists stay in number order); else the number. */
  readonly providers?: Readonly<Record<string, string>>;
}

/** How a provider is named on a page. */
export function providerLabel(labels: Pick<CodeLabels, 'providers'>, id: string): string {
  return labels.providers?.[id] ?? id;
}

/** The labels with only the providers of `ids` (a page's rows): every label is inlined in each chart that uses it. */
export function withProviders(labels: CodeLabels, ids: Iterable<string>): CodeLabels {
  const names = labels.providers ?? {};
  return { ...labels, providers: Object.fromEntries([...new Set(ids)].filter((id) => names[id] !== undefined).map((id) => [id, names[id]!])) };
}

/** How a Jobcenter is named on a page: by its name where the Jobcenters' list gives one. */
export function jobcenterLabel(labels: Pick<CodeLabels, 'jobcenters'>, id: string): string {
  return labels.jobcenters?.[id] ?? `Jobcenter ${id}`;
}

/**
 * A name as a label: characters no label may hold (controls, U+FFFE/U+FFFF, bidirectional
 * controls — one made the SVG export fail, another reorders the text around it) left out,
 * runs of spaces made one, at most 60 characters.
 */
function labelText(name: string): string {
  // a line break or tab is a space first: left out, 'Zeile 1\nZeile 2' read 'Zeile 1Zeile 2'
  const clean = name.replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/ +/g, ' ').trim();
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}

/** Names from a names mart, as labels (a database built before the mart has none: numbers then). */
async function names(db: Db, table: 'jobcenter_names' | 'provider_names', label: (id: string, name: string) => string): Promise<Record<string, string>> {
  const has = await db.scalar('SELECT count(*) FROM information_schema.tables WHERE table_schema = $s AND table_name = $t', { s: 'mart', t: table });
  if (has === 0) return {};
  const key = table === 'jobcenter_names' ? 'jobcenter_id' : 'provider_id';
  const rows = await db.json<{ id: string; name: string | null }>(`SELECT ${key} AS id, name FROM mart.${table}`);
  return Object.fromEntries(rows.flatMap((r) => (r.name && labelText(r.name) ? [[r.id, label(r.id, labelText(r.name))]] : [])));
}

/**
 * Labels of reference codes (a code missing from a table is shown as the code itself) and
 * the disclosure threshold the marts were built with.
 */
export async function loadCodeLabels(db: Db): Promise<CodeLabels> {
  const pairs = async (sql: string) =>
    Object.fromEntries((await db.json<{ code: string; label: string }>(sql)).map((r) => [r.code, r.label]));
  return {
    reasons: await pairs('SELECT code, label_de AS label FROM ref.dropout_reasons'),
    goals: await pairs('SELECT code, label_de AS label FROM ref.goal_codes'),
    instruments: await pairs(`SELECT code, code || ' – ' || name AS label FROM ref.instruments`),
    threshold: Number(await db.scalar('SELECT suppression_threshold FROM mart.return_disclosure')),
    jobcenters: await names(db, 'jobcenter_names', (id, name) => `${name} (${id})`),
    providers: await names(db, 'provider_names', (id, name) => `${id} ${name}`),
  };
}

/** Formats an as-of date (YYYY-MM-DD) as DD.MM.YYYY for page text. */
export function germanDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * The page is suppressed together with the same year's public returns
 * (reports/model/public-year.ts): a reader of all of them can subtract one's sums from the
 * other's. Said where the page's reader sees it.
 */
export const PUBLISH_TOGETHER_PAGE =
  'Gemeinsam mit der Landesprogramm-Jahresmeldung und der ESF+-Meldung desselben Jahres unterdrückt: auch wer die Summen je Jobcenter und Instrument dieser Seite mit den Zeilen der Meldungen verrechnet, erhält keinen unterdrückten Wert zurück (gilt für Ausgaben mit demselben Datenstand).';
