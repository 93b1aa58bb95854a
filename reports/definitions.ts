/**
 * Indicator definitions quoted on each return's definitions sheet, as data. The numerator and
 * denominator texts are quoted verbatim from the indicator catalogue (docs: ../shared/indicators.md,
 * "Indicator catalogue"); the ESF+ rows quote Regulation (EU) 2021/1057, Annex I, and the
 * header of sql/marts/esf_participants.sql. Change the catalogue first, then this table.
 */
export interface Definition {
  readonly id: string;
  readonly label: string;
  readonly anchor: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly source: string;
}

const CATALOGUE = 'indicators.md (Indikatorenkatalog almp-monitor)';
const ESF = 'Verordnung (EU) 2021/1057, Anhang I; sql/marts/esf_participants.sql';

export const DEFINITIONS: readonly Definition[] = [
  { id: 'referrals', label: 'Zuweisungen', anchor: 'referral', numerator: 'referrals', denominator: '–', source: CATALOGUE },
  { id: 'no_show_rate', label: 'Nichtantrittsquote', anchor: 'referral', numerator: 'referrals with no entry, 42-day window closed', denominator: 'referrals with 42-day window closed', source: CATALOGUE },
  { id: 'entries', label: 'Eintritte', anchor: 'entry', numerator: 'entries', denominator: '–', source: CATALOGUE },
  { id: 'exits', label: 'Austritte', anchor: 'exit', numerator: 'exits (entered and left)', denominator: '–', source: CATALOGUE },
  { id: 'dropout_rate', label: 'Abbruchquote', anchor: 'exit', numerator: 'exits of class dropout', denominator: 'all exits', source: CATALOGUE },
  { id: 'positive_early_exit_rate', label: 'Quote vorzeitiger Austritte in Arbeit/Ausbildung', anchor: 'exit', numerator: 'exits of class positive_early_exit', denominator: 'all exits', source: CATALOGUE },
  { id: 'completion_rate', label: 'Abschlussquote', anchor: 'exit', numerator: 'exits of class completed', denominator: 'all exits', source: CATALOGUE },
  { id: 'dropout_phase_share', label: 'Abbrüche nach Phase', anchor: 'exit', numerator: 'dropouts in the phase', denominator: 'all dropouts', source: CATALOGUE },
  { id: 'dropout_reason_share', label: 'Abbrüche nach Grund', anchor: 'exit', numerator: 'dropouts whose primary reason is the code', denominator: 'all dropouts', source: CATALOGUE },
  { id: 'occupancy_rate', label: 'Auslastung', anchor: 'month', numerator: 'participant-days active in the measure', denominator: 'places × days of the contract in the period', source: CATALOGUE },
  { id: 'goal_achievement_rate', label: 'Zwischenziele erreicht', anchor: 'exit', numerator: 'goals `achieved`', denominator: 'goals agreed (any status)', source: CATALOGUE },
  { id: 'goal_progress_rate', label: 'Berichte mit Fortschritt bei Zwischenzielen', anchor: 'exit', numerator: 'reports with at least one goal `achieved` or `partial`', denominator: 'reports with at least one goal', source: CATALOGUE },
  { id: 'integration_rate_6m', label: 'Eingliederungsquote 6 Monate nach Austritt', anchor: 'exit', numerator: 'exits whose status 182 days after exit is `employed_svp` or `apprenticeship`', denominator: 'exits with 182 days passed', source: CATALOGUE },
  { id: 'not_unemployed_rate_6m', label: 'Verbleibsquote (nicht arbeitslos) 6 Monate nach Austritt', anchor: 'exit', numerator: 'exits whose status then is known and not `unemployed`', denominator: 'exits with 182 days passed', source: CATALOGUE },
  { id: 'employed_on_leaving_rate', label: 'In Beschäftigung bei Austritt (ESF+-Stil, 28 Tage)', anchor: 'exit', numerator: 'exits whose last status within 28 days after exit is employment (`employed_svp`, `apprenticeship`, `self_employed`, `marginal_employment`)', denominator: 'exits with 28 days passed', source: CATALOGUE },
  { id: 'report_on_time_rate', label: 'Abschlussberichte rechtzeitig', anchor: 'exit', numerator: 'exits with a final report dated ≤ 14 days after exit', denominator: 'exits with 14 days passed', source: CATALOGUE },
  { id: 'reports_overdue', label: 'Überfällige Abschlussberichte', anchor: 'as_of', numerator: 'exits with no final report more than 14 days after exit', denominator: '–', source: CATALOGUE },
  { id: 'debriefing_rate', label: 'Abschlussgespräche', anchor: 'exit', numerator: 'exits with a `debriefing_date` ≤ 42 days after exit', denominator: 'exits with 42 days passed', source: CATALOGUE },
  { id: 'dropout_oe_ratio', label: 'Abbrüche beobachtet ÷ erwartet', anchor: 'exit', numerator: 'observed dropouts', denominator: 'expected dropouts: each exit weighted by the overall dropout rate of its stratum (age band under 25 / 25–49 / 50+ × long-term unemployed × instrument)', source: CATALOGUE },
  { id: 'esf_participants', label: 'ESF+-Teilnehmende nach Merkmalen bei Eintritt', anchor: 'first entry into the measure', numerator: 'persons (pseudonyms) counted once per measure, with the characteristic at entry: unemployed incl. long-term unemployed; long-term unemployed; inactive; employed; below 18; 18–29; 55 and above; ISCED 0–2 / 3–4 / 5–8; disability; third-country nationals', denominator: '–', source: ESF },
];

export function definitionsFor(ids: readonly string[]): Definition[] {
  return ids.map((id) => {
    const d = DEFINITIONS.find((x) => x.id === id);
    if (!d) throw new Error(`No definition for indicator '${id}' in reports/definitions.ts`);
    return d;
  });
}
