/**
 * Provider free text. Providers write anything into these fields, so the generator does
 * too: quotes, semicolons, line breaks, phone numbers, and now and then text that looks
 * like a spreadsheet formula or HTML. Nothing downstream may interpret it.
 */
import { formatDe, type Day } from './days.ts';
import type { Rng } from './random.ts';

const BY_REASON: Readonly<Record<string, readonly string[]>> = {
  health: ['AU-Bescheinigungen seit {d}, TN nicht belastbar.', 'Gesundheitliche Gründe (Reha beantragt).'],
  mental_strain: ['TN berichtet von starker psychischer Belastung; Anbindung an Beratungsstelle empfohlen.'],
  overload: ['Anforderungen zu hoch, TN fühlt sich überfordert.'],
  childcare: ['Kinderbetreuung weggefallen, Kita-Platz erst ab Herbst.', 'Kind erkrankt, Betreuung nicht gesichert.'],
  care_duties: ['Pflege der Mutter übernommen.'],
  housing: ['Wohnungsverlust droht; TN ist derzeit bei Bekannten untergekommen.'],
  family_conflict: ['Familiäre Konflikte, TN bittet um Unterbrechung.'],
  language: ['Sprachkenntnisse reichen für den Unterricht nicht aus (A1).'],
  transport: ['Anfahrt mit ÖPNV > 90 Min.; Fahrradreparatur nicht finanzierbar.'],
  poor_fit: ['TN sagt: "Das bringt mir nichts." Maßnahme passt nicht zum Berufsziel.', 'Zuweisung passt nicht: TN hat bereits Ausbildung als Köchin.'],
  insufficient_information: ['TN wusste bei Eintritt nicht, worum es in der Maßnahme geht.'],
  motivation: ['Mehrfach unentschuldigt gefehlt; Gespräch am {d} ohne Ergebnis.', 'Ab {d} nicht mehr erschienen, telefonisch nicht erreichbar.'],
  conflict_with_provider: ['Konflikt mit Dozent; TN verweigert weitere Teilnahme.', 'Ausschluss nach wiederholtem Regelverstoß (Hausordnung § 4; Abmahnung am {d}).'],
  job_uptake: ['Arbeitsaufnahme bei Fa. Müller & Söhne.'],
  training_uptake: ['Ausbildungsplatz zum 01.08. zugesagt.'],
  moved: ['Umzug in einen anderen Landkreis.'],
  other: ['Sonstige Gründe, siehe Gesprächsvermerk.', 'Inhaftierung.'],
  missing: ['Keine Angabe.'],
};

const MULTI_LINE = [
  'Gespräch am {d}:\nTN möchte die Maßnahme beenden.\nRückmeldung an Integrationsfachkraft erfolgt.',
  'Fehlzeiten:\n- unentschuldigt ab {d}\n- Anschreiben ohne Reaktion; "bitte Rückruf"',
];

// Deliberately hostile or personal-data-like content a provider might type.
const TRICKY = [
  '=SUM(A1)',
  '+49 171 2345678 (TN bittet um Rückruf)',
  '<script>alert(1)</script>',
  '-2+3; Rücksprache mit "IFK" nötig',
  '@HYPERLINK("http://example.invalid")',
  'Zitat TN: "Ich komme nicht mehr"; Grund unklar',
  '\tEingerückt mit Tabulator; Ende ',
];

export const FOLLOW_UP = [
  'Vermittlung in Arbeit weiter begleiten',
  'Anschlussmaßnahme nach § 16k SGB II prüfen',
  'Bewerbungstraining fortsetzen',
  'Sprachkurs B1 (Berufssprachkurs) empfohlen',
  'Weiterbildung (FbW) prüfen; Bildungsgutschein',
  'Suchtberatung / Schuldnerberatung anbinden',
  'keine',
] as const;

function fill(template: string, day: Day): string {
  return template.replaceAll('{d}', formatDe(day));
}

/** Free-text justification for a report; `reason` is the primary dropout reason if any. */
export function reasonText(rng: Rng, reason: string | null, day: Day): string {
  const u = rng.float();
  if (u < 0.02) return rng.pick(TRICKY);
  if (u < 0.05) return fill(rng.pick(MULTI_LINE), day);
  return fill(rng.pick(BY_REASON[reason ?? 'other'] ?? BY_REASON['other']!), day);
}

export function multiLineText(day: Day): string {
  return fill(MULTI_LINE[0]!, day);
}
