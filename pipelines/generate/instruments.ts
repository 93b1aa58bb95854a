/**
 * What each instrument of sql/reference/instruments.csv looks like in practice: how long
 * a stay is planned, how big a lot is, who is referred, how often people drop out.
 * Figures are plausible orders of magnitude (BA measure statistics, domain.md), not
 * official values; they only need to give the indicators something realistic to do.
 */

export type Funding = 'integration_budget' | 'state' | 'esf' | 'municipal';

export interface InstrumentProfile {
  readonly code: string;
  /** Share of participations going to this instrument. */
  readonly share: number;
  readonly durationDays: readonly [number, number];
  readonly places: readonly [number, number];
  readonly contractMonths: readonly [number, number];
  /** Cost per place and month, EUR. */
  readonly costPerPlaceMonth: readonly [number, number];
  /** Dropout probability of an average entrant before case-mix factors. */
  readonly dropoutBase: number;
  readonly positiveExitBase: number;
  readonly age: { readonly mean: number; readonly sd: number; readonly min: number; readonly max: number };
  readonly longTermUnemployedShare: number;
  readonly funding: readonly (readonly [Funding, number])[];
  readonly titles: readonly string[];
  readonly goals: readonly string[];
}

const BUDGET: readonly (readonly [Funding, number])[] = [['integration_budget', 1]];

export const INSTRUMENTS: readonly InstrumentProfile[] = [
  {
    code: '45_MAT', share: 0.3, durationDays: [90, 180], places: [12, 25], contractMonths: [12, 24], costPerPlaceMonth: [450, 900],
    dropoutBase: 0.22, positiveExitBase: 0.1, age: { mean: 36, sd: 11, min: 18, max: 64 }, longTermUnemployedShare: 0.45, funding: BUDGET,
    titles: ['Aktivierung und berufliche Eingliederung', 'Bewerbungscenter', 'Coaching für Ü25', 'Perspektive 50plus', 'Frauen in Arbeit', 'Jobstarter – Stabilisierung und Orientierung'],
    goals: ['application_documents', 'career_orientation', 'daily_structure', 'self_efficacy', 'digital_skills', 'internship'],
  },
  {
    code: '45_MAG', share: 0.05, durationDays: [14, 42], places: [10, 30], contractMonths: [12, 24], costPerPlaceMonth: [200, 500],
    dropoutBase: 0.17, positiveExitBase: 0.25, age: { mean: 34, sd: 10, min: 18, max: 64 }, longTermUnemployedShare: 0.3, funding: BUDGET,
    titles: ['Betriebliche Erprobung', 'Praxistest im Betrieb', 'Einstieg über Praktikum'],
    goals: ['internship', 'skills', 'career_orientation'],
  },
  {
    code: '45_AVGS', share: 0.1, durationDays: [60, 120], places: [20, 40], contractMonths: [12, 24], costPerPlaceMonth: [300, 700],
    dropoutBase: 0.2, positiveExitBase: 0.12, age: { mean: 37, sd: 11, min: 18, max: 64 }, longTermUnemployedShare: 0.35, funding: BUDGET,
    titles: ['AVGS Einzelcoaching', 'AVGS Bewerbungscoaching', 'AVGS Gründungsorientierung'],
    goals: ['application_documents', 'self_efficacy', 'career_orientation', 'digital_skills'],
  },
  {
    code: '81_FBW', share: 0.1, durationDays: [180, 720], places: [12, 20], contractMonths: [24, 36], costPerPlaceMonth: [900, 1600],
    dropoutBase: 0.16, positiveExitBase: 0.08, age: { mean: 33, sd: 9, min: 18, max: 60 }, longTermUnemployedShare: 0.3, funding: BUDGET,
    titles: ['Umschulung Fachkraft Lagerlogistik', 'Teilqualifizierung Pflegehelfer/-in', 'Weiterbildung Kaufmännische Grundlagen', 'Berufskraftfahrer/-in Führerschein C/CE', 'Umschulung Kaufleute für Büromanagement'],
    goals: ['skills', 'language', 'digital_skills', 'driving_licence', 'internship'],
  },
  {
    code: '16d_AGH', share: 0.13, durationDays: [180, 365], places: [10, 30], contractMonths: [12, 24], costPerPlaceMonth: [350, 700],
    dropoutBase: 0.28, positiveExitBase: 0.05, age: { mean: 45, sd: 10, min: 18, max: 64 }, longTermUnemployedShare: 0.7, funding: BUDGET,
    titles: ['Arbeitsgelegenheit Grünpflege', 'AGH Sozialkaufhaus', 'AGH Fahrradwerkstatt', 'Arbeitsgelegenheit Stadtteilservice'],
    goals: ['daily_structure', 'health_stabilisation', 'self_efficacy', 'debt_or_addiction_counselling'],
  },
  {
    code: '16e', share: 0.04, durationDays: [365, 730], places: [5, 15], contractMonths: [24, 36], costPerPlaceMonth: [800, 1400],
    dropoutBase: 0.13, positiveExitBase: 0.06, age: { mean: 46, sd: 9, min: 25, max: 64 }, longTermUnemployedShare: 0.95, funding: BUDGET,
    titles: ['Eingliederung von Langzeitarbeitslosen – Coaching', 'Lohnkostenzuschuss § 16e mit Begleitung'],
    goals: ['daily_structure', 'skills', 'self_efficacy', 'health_stabilisation'],
  },
  {
    code: '16i', share: 0.05, durationDays: [730, 1825], places: [5, 20], contractMonths: [48, 60], costPerPlaceMonth: [1200, 2200],
    dropoutBase: 0.1, positiveExitBase: 0.05, age: { mean: 51, sd: 7, min: 27, max: 64 }, longTermUnemployedShare: 0.98, funding: BUDGET,
    titles: ['Teilhabe am Arbeitsmarkt – ganzheitliches Coaching', 'Soziale Teilhabe: Beschäftigung und Begleitung'],
    goals: ['daily_structure', 'health_stabilisation', 'self_efficacy', 'debt_or_addiction_counselling', 'skills'],
  },
  {
    code: '16h', share: 0.05, durationDays: [180, 365], places: [10, 20], contractMonths: [12, 24], costPerPlaceMonth: [600, 1100],
    dropoutBase: 0.3, positiveExitBase: 0.08, age: { mean: 21, sd: 2.5, min: 18, max: 25 }, longTermUnemployedShare: 0.35, funding: [['integration_budget', 0.7], ['municipal', 0.3]],
    titles: ['Junge Menschen erreichen – Straßensozialarbeit', 'Wegbereiter U25', 'Anlaufstelle für junge Erwachsene'],
    goals: ['housing_solved', 'daily_structure', 'debt_or_addiction_counselling', 'career_orientation', 'self_efficacy'],
  },
  {
    code: '16k', share: 0.06, durationDays: [180, 365], places: [15, 30], contractMonths: [12, 24], costPerPlaceMonth: [400, 800],
    dropoutBase: 0.25, positiveExitBase: 0.07, age: { mean: 40, sd: 12, min: 18, max: 64 }, longTermUnemployedShare: 0.55, funding: [['integration_budget', 0.8], ['municipal', 0.2]],
    titles: ['Ganzheitliche Betreuung – Familien-Coaching', 'Gesundheitsorientiertes Coaching', 'Ganzheitliche Betreuung für Alleinerziehende'],
    goals: ['health_stabilisation', 'childcare_solved', 'housing_solved', 'daily_structure', 'self_efficacy'],
  },
  {
    code: 'STATE', share: 0.06, durationDays: [120, 365], places: [10, 25], contractMonths: [12, 36], costPerPlaceMonth: [500, 1000],
    dropoutBase: 0.22, positiveExitBase: 0.08, age: { mean: 38, sd: 11, min: 18, max: 64 }, longTermUnemployedShare: 0.5, funding: [['state', 1]],
    titles: ['Landesprogramm „Arbeitsmarktbudget“', 'Landesprogramm Sprach- und Berufsförderung', 'Landesprogramm Kompetenzen für Geflüchtete'],
    goals: ['language', 'career_orientation', 'skills', 'application_documents'],
  },
  {
    code: 'ESF', share: 0.06, durationDays: [180, 365], places: [10, 25], contractMonths: [24, 36], costPerPlaceMonth: [500, 1100],
    dropoutBase: 0.23, positiveExitBase: 0.08, age: { mean: 35, sd: 11, min: 18, max: 64 }, longTermUnemployedShare: 0.5, funding: [['esf', 0.8], ['state', 0.2]],
    titles: ['ESF Plus – Teilhabe durch Qualifizierung', 'ESF Plus – Zugänge für Frauen', 'ESF Plus – Beschäftigungspiloten'],
    goals: ['language', 'skills', 'childcare_solved', 'career_orientation', 'digital_skills'],
  },
];

export const GENERAL_GOALS = ['self_efficacy', 'application_documents', 'career_orientation', 'other'] as const;
