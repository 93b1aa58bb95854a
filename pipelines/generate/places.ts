/**
 * States and regions used to name synthetic Jobcenters, and words for provider names.
 * Umlauts are deliberate: every encoding path must carry them.
 */

export interface StateInfo {
  readonly code: string; // first two digits of an official municipality key
  readonly name: string;
  readonly regions: readonly string[];
}

export const STATES: readonly StateInfo[] = [
  { code: '06', name: 'Hessen', regions: ['Darmstadt', 'Kreis Offenbach', 'Gießen', 'Main-Kinzig-Kreis', 'Fulda', 'Kassel', 'Wetteraukreis', 'Marburg-Biedenkopf'] },
  { code: '05', name: 'Nordrhein-Westfalen', regions: ['Köln', 'Dortmund', 'Münster', 'Kreis Düren', 'Bielefeld', 'Gelsenkirchen'] },
  { code: '08', name: 'Baden-Württemberg', regions: ['Stuttgart', 'Mannheim', 'Ortenaukreis', 'Tübingen', 'Heilbronn'] },
  { code: '09', name: 'Bayern', regions: ['Nürnberg', 'Augsburg', 'Landkreis Fürth', 'Würzburg', 'Regensburg'] },
  { code: '03', name: 'Niedersachsen', regions: ['Hannover', 'Göttingen', 'Osnabrück', 'Emsland', 'Lüneburg'] },
  { code: '16', name: 'Thüringen', regions: ['Erfurt', 'Jena', 'Saale-Holzland-Kreis', 'Gera'] },
  { code: '14', name: 'Sachsen', regions: ['Leipzig', 'Dresden', 'Görlitz', 'Zwickau'] },
  { code: '12', name: 'Brandenburg', regions: ['Potsdam', 'Uckermark', 'Oberhavel', 'Cottbus'] },
  { code: '01', name: 'Schleswig-Holstein', regions: ['Kiel', 'Lübeck', 'Kreis Plön'] },
  { code: '07', name: 'Rheinland-Pfalz', regions: ['Mainz', 'Trier', 'Kaiserslautern'] },
  { code: '15', name: 'Sachsen-Anhalt', regions: ['Halle (Saale)', 'Magdeburg', 'Harz'] },
  { code: '13', name: 'Mecklenburg-Vorpommern', regions: ['Rostock', 'Schwerin', 'Vorpommern-Greifswald'] },
  { code: '10', name: 'Saarland', regions: ['Regionalverband Saarbrücken', 'Saarlouis'] },
  { code: '11', name: 'Berlin', regions: ['Berlin Neukölln', 'Berlin Mitte', 'Berlin Spandau'] },
  { code: '02', name: 'Hamburg', regions: ['Hamburg'] },
  { code: '04', name: 'Bremen', regions: ['Bremen', 'Bremerhaven'] },
];

export const PROVIDER_PREFIXES = [
  'Bildungswerk', 'Berufsförderungswerk', 'Qualifizierungsgesellschaft', 'Arbeit & Leben', 'Zukunftswerkstatt',
  'Diakonisches Werk', 'Caritasverband', 'Internationaler Bund', 'Akademie für Arbeit', 'Jugendwerkstatt',
] as const;

export const PROVIDER_SUFFIXES = ['gGmbH', 'e.V.', 'GmbH', 'gGmbH, Zweigstelle Süd', 'GmbH & Co. KG'] as const;

export const MUNICIPAL_PROVIDER_PREFIXES = ['Kommunale Beschäftigungsgesellschaft', 'Eigenbetrieb Arbeit', 'Stadtwerkstatt'] as const;
