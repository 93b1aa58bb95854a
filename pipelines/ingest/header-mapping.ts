/**
 * Maps a file's header cells to the contract's columns (kinds.ts): case-insensitive after
 * trimming, canonical name or any German alias. As a fallback the comparison also ignores
 * spaces, '-', '_', '.', and spells umlauts out ("Maßnahme-Nr." = "massnahme nr"); then a
 * template's hint in brackets after a name is read past where it fits the column (FORMAT_HINT).
 */
import { KIND_SPECS, type ColumnSpec, type Kind } from '../schema/kinds.ts';

export interface HeaderMapping {
  /** Canonical column name → index of the file's column. */
  readonly columns: ReadonlyMap<string, number>;
  /** Header cells that match no column (ignored, reported once). */
  readonly extra: readonly string[];
  /** Required columns the header lacks. */
  readonly missingRequired: readonly string[];
  /** Canonical column name → indices of later columns with the same meaning (not read; compared per row). */
  readonly alsoGiven: ReadonlyMap<string, readonly number[]>;
}

/**
 * Why a row is rejected whose second column of one meaning ('provider_id' beside 'Träger-Nr')
 * holds another value than the first, which is the one read: compared once both are
 * converted, so '23.09.2024' beside '2024-09-23' is one date (validation-sql.ts). An empty
 * second cell gives nothing to compare; an empty first one would lose the second's value.
 * No value is named (the columns may be Kundennummern).
 */
export function differingColumnsReason(name: string, first: string, second: string): string {
  return `the columns '${first}' and '${second}' both give ${name} and differ in this row: delete the wrong one and load the file again`;
}

/** The trimmed texts of a column read and of a later one with the same meaning differ: only then are the two compared as values (stage-records.ts). */
export function columnsDiffer(first: string | null | undefined, second: string | null | undefined): boolean {
  const later = second?.trim() ?? '';
  return later !== '' && (first?.trim() ?? '') !== later;
}

function exactKey(cell: string): string {
  return cell.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
}

function looseKey(cell: string): string {
  return exactKey(cell)
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/[\s\-_.]+/g, '');
}

const lookups = new Map<Kind, { exact: Map<string, ColumnSpec>; loose: Map<string, ColumnSpec> }>();

function lookup(kind: Kind) {
  let found = lookups.get(kind);
  if (!found) {
    const exact = new Map<string, ColumnSpec>();
    const loose = new Map<string, ColumnSpec>();
    for (const column of KIND_SPECS[kind].columns) {
      for (const name of [column.name, ...(column.aliases ?? [])]) {
        if (!exact.has(exactKey(name))) exact.set(exactKey(name), column);
        if (!loose.has(looseKey(name))) loose.set(looseKey(name), column);
      }
    }
    found = { exact, loose };
    lookups.set(kind, found);
  }
  return found;
}

export function columnFor(kind: Kind, cell: string): ColumnSpec | undefined {
  const { exact, loose } = lookup(kind);
  const found = exact.get(exactKey(cell)) ?? loose.get(looseKey(cell));
  if (found) return found;
  const hinted = FORMAT_HINT.exec(exactKey(cell));
  if (!hinted || hinted.index === 0) return undefined;
  const bare = exactKey(cell).slice(0, hinted.index).trim();
  const column = exact.get(bare) ?? loose.get(looseKey(bare));
  return column && hintFits(kind, column, hinted[1] ?? hinted[2]) ? column : undefined;
}

/**
 * A template's hint after a column's name, in round or square brackets — '(TT.MM.JJJJ)',
 * '(ja/nein)', '(m/w/d)', '(01-12)', '(EUR)', '[Datum]', '(bitte auswählen)', '(Anzahl)',
 * '(Freitext)', '(Code:Status)', or '*' for a required field. Ignored with its column, it lost
 * every entry and exit date of a file loaded with exit 0 (an audit: started participations
 * read as no-shows), and a provider template's outcome, goals and day counts (a sender audit).
 * Read past only where it describes the column's own values or how to fill it in (hintFits):
 * an age band or a subgroup is another figure — 'Arbeitslose (15-24)' is not all the
 * unemployed, 'Kosten (EUR/TN)' not the contract's cost, 'Austritt (geplant)' not the exit
 * date. A header whose whole text is a name ('Dauer (Tage)') is that column before any hint
 * is looked for, and one whose bracket is the distinguishing part ('Fehltage (E)') has no
 * column without it, so neither is read past.
 */
const FORMAT_HINT = /\s*(?:(?:\(([^()]*)\)|\[([^[\]]*)\])\s*\*?|\*)$/;

const DATE_MASK = /^[tdmjy]{2,4}(?:[./-][tdmjy]{2,4}){0,2}$/;
const YES_NO = new Set(['ja', 'nein', 'j', 'n', 'yes', 'no', 'y', '0', '1', 'x', 'wahr', 'falsch', 'true', 'false']);
const EUROS = new Set(['eur', 'euro', '€', 'in eur', 'in €', 'in euro']);
const DAYS = new Set(['tage', 'in tagen', 'anzahl tage', 'd']);
/** How to fill in a cell, for any column: these say nothing about which figure it is. */
const FILL_IN = new Set(['bitte', 'auswählen', 'auswahl', 'dropdown', 'aus', 'der', 'siehe', 'liste', 'ausfüllen', 'eintragen', 'angeben', 'pflichtfeld', 'pflicht', 'optional']);
/** A condition for filling it in ('falls Abbruch', 'wenn vorhanden'): when, not which figure. */
const CONDITION = /^(?:falls|wenn|sofern|soweit|nur (?:falls|wenn|bei)) \S/;
/** Words for the kind of value a column of the type holds ('Eintritt (Datum)', 'Zwischenziele (Code:Status)'). */
const VALUE_WORDS: Partial<Record<ColumnSpec['type'], ReadonlySet<string>>> = {
  date: new Set(['datum', 'date']),
  month: new Set(['monat', 'month']),
  text: new Set(['freitext', 'text']),
  enum: new Set(['code', 'kürzel']),
  exit_code: new Set(['code', 'schlüssel']),
  reason_list: new Set(['code', 'codes', 'kürzel', '|', 'mit', 'durch', 'getrennt', 'mehrere', 'möglich']),
  goal_list: new Set(['code', 'codes', 'status', '|', 'mit', 'durch', 'getrennt', 'mehrere', 'möglich']),
};
/**
 * The sub-columns of the absence days as contracts.md spells them out: 'Fehltage E
 * (entschuldigt)' says what E is. In attendance these words are names of the column itself.
 */
const SPELLED_OUT: Readonly<Record<string, readonly string[]>> = {
  absence_excused: ['entschuldigt'],
  absence_unexcused: ['unentschuldigt'],
  absence_sick: ['krank', 'krankheit'],
};

/** Whether a header's hint (undefined: a bare '*') describes the values of `column` or how to fill it in. */
function hintFits(kind: Kind, column: ColumnSpec, hint: string | undefined): boolean {
  if (hint === undefined) return true;
  const text = hint.trim();
  const { exact, loose } = lookup(kind);
  // another name of the same column ('E (entschuldigt)' in attendance, 'ELB (erwerbsfähige Leistungsberechtigte)')
  if (text !== '' && (exact.get(text) ?? loose.get(looseKey(text))) === column) return true;
  if (SPELLED_OUT[column.name]?.includes(text)) return true;
  if (CONDITION.test(text)) return true;
  const words = text.split(/[\s,;:]+/).filter((w) => w !== '');
  const valueWords = VALUE_WORDS[column.type];
  if (words.length > 0 && words.every((w) => FILL_IN.has(w) || valueWords?.has(w))) return true;
  const choices = text.split(/\s*\/\s*/);
  switch (column.type) {
    case 'date':
    case 'month':
      return DATE_MASK.test(text);
    case 'int': {
      // its own range ('Zufriedenheit (1-5)'), not a band of another figure ('Arbeitslose (15-24)')
      const range = /^(\d+)\s*(?:-|–|bis)\s*(\d+)$/.exec(text);
      if (range) return column.min !== undefined && column.max !== undefined && Number(range[1]) === column.min && Number(range[2]) === column.max;
      // a count of days in days ('Soll-Tage (in Tagen)'), a birth year as a year
      if (/days|absence/.test(column.name)) return DAYS.has(text) || text === 'anzahl';
      // a count as a count ('Plätze (Anzahl)'); a birth year, a level or a score is no count
      if (text === 'anzahl') return column.min === 0 && column.max === undefined;
      return column.name === 'birth_year' && /^(jjjj|yyyy)$/.test(text);
    }
    case 'decimal':
      return EUROS.has(text);
    case 'bool':
      return choices.length > 1 && choices.every((c) => YES_NO.has(c));
    case 'exit_code':
      return /^0?1\s*[-–]\s*12$/.test(text);
    case 'enum': {
      const words = new Set([...(column.values ?? []), ...Object.keys(column.normalise ?? {})].map((w) => w.toLowerCase()));
      return choices.length > 1 && choices.every((c) => words.has(c));
    }
    default:
      return false;
  }
}

export function mapHeader(kind: Kind, header: readonly string[]): HeaderMapping {
  const columns = new Map<string, number>();
  const extra: string[] = [];
  const alsoGiven = new Map<string, number[]>();
  header.forEach((cell, index) => {
    const column = columnFor(kind, cell);
    if (column && !columns.has(column.name)) columns.set(column.name, index);
    else if (cell.trim() !== '') extra.push(cell.trim());
    // A second column with the same meaning is not read: the first wins, and a row where
    // the two differ is rejected (differingColumnsReason).
    if (column && columns.get(column.name) !== index) alsoGiven.set(column.name, [...(alsoGiven.get(column.name) ?? []), index]);
  });
  const missingRequired = KIND_SPECS[kind].columns.filter((c) => c.required && !columns.has(c.name)).map((c) => c.name);
  return { columns, extra, missingRequired, alsoGiven };
}

/** How many cells of a row name a column of the kind: finds the header below title rows. */
export function headerScore(kind: Kind, row: readonly string[]): number {
  return mapHeader(kind, row).columns.size;
}

/** Index of the header among the first rows: the one naming most columns (first on ties; 0 if none). */
export function findHeaderRow(kind: Kind, rows: readonly (readonly string[])[]): number {
  let best = 0;
  let bestScore = 0;
  rows.forEach((row, index) => {
    const score = headerScore(kind, row);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/**
 * The contract column an ignored header begins with ('Eintritt (TT.MM.JJJJ)', 'Austritt*'):
 * templates add such hints, and the column is then ignored with all its values. Only named
 * to the user (summary.ts), never mapped: 'Austritt (geplant)' is not the exit date. The
 * longest name the header begins with decides; names under 4 letters ('e', 'ue') never do.
 */
export function lookalikeColumn(kind: Kind, cell: string): { name: string; alias: string } | undefined {
  const key = looseKey(cell);
  let best: { name: string; alias: string; length: number } | undefined;
  for (const column of KIND_SPECS[kind].columns) {
    for (const name of [column.name, ...(column.aliases ?? [])]) {
      const alias = looseKey(name);
      if (alias.length >= 4 && key.length > alias.length && key.startsWith(alias) && alias.length > (best?.length ?? 0)) {
        best = { name: column.name, alias: column.aliases?.find((a) => looseKey(a) === alias) ?? column.name, length: alias.length };
      }
    }
  }
  return best && { name: best.name, alias: best.alias };
}

/**
 * A header drawn over two rows, as hand-made templates do: a group cell merged over its
 * sub-columns ('Fehltage' above 'E', 'UE', 'K'; a merged range keeps its text in its first
 * cell, so the group of a sub-cell is the nearest header cell at or left of it). The row below
 * the header is such a sub-header when it is empty under every column the header names and
 * its cells, read with their group ('Fehltage E') or alone ('E'), name more columns. Returns
 * the combined header cells, or undefined when the row below is data (or nothing gained).
 */
export function withSubHeader(kind: Kind, header: readonly string[], below: readonly string[]): string[] | undefined {
  const alone = mapHeader(kind, header);
  if (below.every((cell) => cell.trim() === '')) return undefined;
  for (const index of alone.columns.values()) if ((below[index] ?? '').trim() !== '') return undefined;
  const combined: string[] = [];
  let group = '';
  for (let i = 0; i < Math.max(header.length, below.length); i++) {
    const top = (header[i] ?? '').trim();
    if (top !== '') group = top;
    const sub = (below[i] ?? '').trim();
    if (sub === '') combined.push(top);
    else combined.push(columnFor(kind, `${group} ${sub}`) || !columnFor(kind, sub) ? `${group} ${sub}`.trim() : sub);
  }
  return mapHeader(kind, combined).columns.size > alone.columns.size ? combined : undefined;
}
