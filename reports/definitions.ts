/**
 * Indicator definitions on each return's definitions sheet, as data: the numerator and
 * denominator of the indicator catalogue (docs/indicators.md) in German, for the
 * funders who read the returns; the ESF+ row follows Regulation (EU) 2021/1057, Annex I,
 * and the header of sql/marts/esf_participants.sql. Change the catalogue first, then this
 * table.
 */
export interface Definition {
  readonly id: string;
  readonly label: string;
  readonly anchor: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly source: string;
}

const CATALOGUE = 'Kennzahlenkatalog almp-monitor';
const ESF = 'Verordnung (EU) 2021/1057, Anhang I; Teilnahmedaten der Jobcenter zu ESF-finanzierten Maßnahmen';

export const DEFINITIONS: readonly Definition[] = [
  { id: 'referrals', label: 'Zuweisungen', anchor: 'Zuweisung', numerator: 'Zuweisungen', denominator: '–', source: CATALOGUE },
  { id: 'no_show_rate', label: 'Nichtantrittsquote', anchor: 'Zuweisung', numerator: 'Zuweisungen ohne Eintritt, deren 42-Tage-Frist abgelaufen ist', denominator: 'Zuweisungen, deren 42-Tage-Frist abgelaufen ist', source: CATALOGUE },
  { id: 'entries', label: 'Eintritte', anchor: 'Eintritt', numerator: 'Eintritte', denominator: '–', source: CATALOGUE },
  { id: 'exits', label: 'Austritte', anchor: 'Austritt', numerator: 'Austritte (eingetreten und ausgetreten)', denominator: '–', source: CATALOGUE },
  { id: 'dropout_rate', label: 'Abbruchquote', anchor: 'Austritt', numerator: 'Austritte der Klasse Abbruch', denominator: 'alle Austritte', source: CATALOGUE },
  { id: 'positive_early_exit_rate', label: 'Quote vorzeitiger Austritte in Arbeit/Ausbildung', anchor: 'Austritt', numerator: 'Austritte der Klasse vorzeitig positiv: Austrittsgrund 03 (Arbeitsaufnahme) oder 04 (Ausbildung oder Schule) vor dem geplanten Ende; ohne Austrittsgrund, wenn der Abschlussbericht es so meldet (ebenfalls vor dem geplanten Ende)', denominator: 'alle Austritte', source: CATALOGUE },
  { id: 'completion_rate', label: 'Abschlussquote', anchor: 'Austritt', numerator: 'Austritte der Klasse abgeschlossen: Austrittsgrund 01 (reguläres Ende) oder 02 (Maßnahmeziel vorzeitig erreicht); 03/04 (Arbeit oder Ausbildung aufgenommen), wenn der Austritt am oder nach dem geplanten Ende liegt; ohne Austrittsgrund, wenn der Abschlussbericht „abgeschlossen“ meldet oder, ohne Bericht, der Austritt höchstens 7 Tage vor dem geplanten Ende liegt oder kein geplantes Ende bekannt ist', denominator: 'alle Austritte', source: CATALOGUE },
  { id: 'dropout_phase_share', label: 'Abbrüche nach Phase', anchor: 'Austritt', numerator: 'Abbrüche in der Phase', denominator: 'alle Abbrüche', source: CATALOGUE },
  { id: 'dropout_reason_share', label: 'Abbrüche nach Grund', anchor: 'Austritt', numerator: 'Abbrüche, deren Hauptgrund der Code ist', denominator: 'alle Abbrüche', source: CATALOGUE },
  { id: 'occupancy_rate', label: 'Auslastung', anchor: 'Monat', numerator: 'Teilnahmetage in der Maßnahme', denominator: 'Plätze × Vertragstage im Zeitraum', source: CATALOGUE },
  { id: 'goal_achievement_rate', label: 'Zwischenziele erreicht', anchor: 'Austritt', numerator: 'Zwischenziele mit Status „erreicht“', denominator: 'vereinbarte Zwischenziele (jeder Status)', source: CATALOGUE },
  { id: 'goal_progress_rate', label: 'Berichte mit Fortschritt bei Zwischenzielen', anchor: 'Austritt', numerator: 'Abschlussberichte mit mindestens einem Zwischenziel „erreicht“ oder „teilweise erreicht“', denominator: 'Abschlussberichte mit mindestens einem Zwischenziel', source: CATALOGUE },
  { id: 'integration_rate_6m', label: 'Eingliederungsquote 6 Monate nach Austritt', anchor: 'Austritt', numerator: 'Austritte mit Status 182 Tage nach Austritt: sozialversicherungspflichtig beschäftigt oder in Ausbildung', denominator: 'Austritte, deren 182 Tage vergangen sind', source: CATALOGUE },
  { id: 'not_unemployed_rate_6m', label: 'Verbleibsquote (nicht arbeitslos) 6 Monate nach Austritt', anchor: 'Austritt', numerator: 'Austritte, deren Status dann bekannt und nicht „arbeitslos“ ist', denominator: 'Austritte, deren 182 Tage vergangen sind', source: CATALOGUE },
  { id: 'employed_on_leaving_rate', label: 'In Beschäftigung bei Austritt (in Anlehnung an ESF+, 28 Tage)', anchor: 'Austritt', numerator: 'Austritte, deren letzter Status bis 28 Tage nach Austritt eine Beschäftigung ist (sozialversicherungspflichtig, Ausbildung, selbständig, geringfügig)', denominator: 'Austritte, deren 28 Tage vergangen sind', source: CATALOGUE },
  { id: 'report_on_time_rate', label: 'Abschlussberichte fristgerecht', anchor: 'Austritt', numerator: 'Austritte mit einem Abschlussbericht vom höchstens 14. Tag nach Austritt', denominator: 'Austritte, deren 14 Tage vergangen sind', source: CATALOGUE },
  { id: 'reports_overdue', label: 'Überfällige Abschlussberichte', anchor: 'Datenstand', numerator: 'Austritte ohne Abschlussbericht, länger als 14 Tage her', denominator: '–', source: CATALOGUE },
  { id: 'debriefing_rate', label: 'Abschlussgespräche', anchor: 'Austritt', numerator: 'Austritte mit einem Abschlussgespräch bis 42 Tage nach Austritt', denominator: 'Austritte, deren 42 Tage vergangen sind', source: CATALOGUE },
  { id: 'dropout_oe_ratio', label: 'Abbrüche beobachtet ÷ erwartet', anchor: 'Austritt', numerator: 'beobachtete Abbrüche', denominator: 'erwartete Abbrüche: jeder Austritt mit der Abbruchquote seiner Gruppe gewichtet (Alter unter 25 / 25–49 / 50+ × langzeitarbeitslos × Instrument)', source: CATALOGUE },
  { id: 'esf_participants', label: 'ESF+-Teilnehmende nach Merkmalen bei Eintritt', anchor: 'erster Eintritt in die Maßnahme', numerator: 'Personen (Pseudonyme), je Maßnahme einmal gezählt, mit dem Merkmal bei Eintritt: arbeitslos einschl. langzeitarbeitslos; langzeitarbeitslos; nicht arbeitslos (erwerbstätig oder nichterwerbstätig: die Daten trennen beides nicht, die ESF+-Indikatoren Erwerbstätige und Nichterwerbstätige werden daher nicht erhoben); unter 18; 18–29; 55 und älter; ISCED 0–2 / 3–4 / 5–8; Behinderung; Drittstaatsangehörige', denominator: '–', source: ESF },
];

export function definitionsFor(ids: readonly string[]): Definition[] {
  return ids.map((id) => {
    const d = DEFINITIONS.find((x) => x.id === id);
    if (!d) throw new Error(`No definition for indicator '${id}' in reports/definitions.ts`);
    return d;
  });
}
