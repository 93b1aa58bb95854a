/**
 * Which input kind a file holds, when `--kind` is not given: from the nearest folder
 * (`inbox/participations/x.csv`) or else the file name (`final_reports_2024.xlsx`,
 * `Abschlussberichte Mai.csv`). English kind names and the German words people use
 * for the same exports are both accepted.
 */
import { basename, dirname, extname } from 'node:path';
import { KINDS, isKind, type Kind } from '../schema/kinds.ts';
import { IngestError } from '../errors.ts';
import { mapHeader } from './header-mapping.ts';

/** Name hints per kind, in folded form (lower case, ä→ae, ß→ss, separators → '_'). */
const HINTS: Readonly<Record<Kind, readonly string[]>> = {
  jobcenters: ['jobcenters', 'jobcenter', 'dienststellen'],
  providers: ['providers', 'provider', 'traeger', 'anbieter', 'bildungstraeger', 'massnahmetraeger', 'traegerverzeichnis', 'traegerliste', 'traegeruebersicht'],
  measures: ['measures', 'measure', 'massnahmen', 'massnahme', 'vertraege', 'lose'],
  participations: ['participations', 'participation', 'teilnahmen', 'teilnahme', 'teilnehmende', 'teilnehmer', 'zuweisungen', 'eintritte'],
  final_reports: ['final_reports', 'final_report', 'finalreports', 'abschlussberichte', 'abschlussbericht'],
  attendance: ['attendance', 'fehlzeiten', 'fehlzeitenmeldung', 'fehlzeitenmeldungen', 'anwesenheit', 'anwesenheiten'],
  jobcenter_stocks: ['jobcenter_stocks', 'stocks', 'bestand', 'bestaende', 'bestandszahlen', 'eckwerte'],
  outcomes: ['outcomes', 'outcome', 'verbleib', 'verbleibe', 'statusereignisse', 'integrationen'],
};

/** Lower case, German letters spelled out, every run of non-letters/digits → '_'. */
export function foldName(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The kind one name component points to; the longest hint wins (jobcenter_stocks over
 * jobcenter), but a reference list only when no other kind is named: 'Jobcenter' and
 * 'Träger' name the sender of many files ('Eckwerte_Jobcenter_06411', 'Abschlussberichte
 * Träger 17'), and a list needs only its id column — the stock figures loaded as the
 * Jobcenters' list, replacing its records by nameless ones, with exit 0 (an ingest audit).
 */
export function kindFromName(name: string): Kind | undefined {
  const kinds = kindsFromName(name);
  return kinds.find((k) => !REFERENCE_LISTS.has(k)) ?? kinds[0];
}

const REFERENCE_LISTS: ReadonlySet<Kind> = new Set(['jobcenters', 'providers']);

/**
 * Every kind whose word a name component holds, the longest word's first. A word inside a
 * longer one found ('jobcenter' in 'jobcenter_stocks') points to no kind of its own; words
 * side by side ('Eckwerte_Jobcenter', 'Verbleib_Teilnehmer') each point to theirs.
 */
export function kindsFromName(name: string): Kind[] {
  const folded = foldName(name);
  const found: { kind: Kind; start: number; end: number }[] = [];
  for (const kind of KINDS) {
    for (const hint of HINTS[kind]) {
      // A hint counts only as a whole word: not followed or preceded by another letter.
      for (const match of folded.matchAll(new RegExp(`(?<![a-z])${hint}(?![a-z])`, 'g'))) {
        found.push({ kind, start: match.index, end: match.index + hint.length });
      }
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  const taken: typeof found = [];
  for (const word of found) {
    if (!taken.some((t) => word.start < t.end && t.start < word.end)) taken.push(word);
  }
  return [...new Set(taken.map((t) => t.kind))];
}

/**
 * A folder named exactly as a kind (the inbox's and archive's `<kind>/`) decides: it is where
 * the sender was allowed to put the file, so a provider's "teilnahmen_korrektur.csv" in
 * final_reports/ cannot replace the Jobcenter's participations. Otherwise the file name,
 * then the nearest folder naming a kind. A parent folder and a file name naming two kinds
 * is refused (a clerk's folder "Träger" holding "abschlussberichte_001027.csv" loaded the
 * reports as the provider registry and replaced provider 001027's record).
 */
export function inferKind(path: string): Kind | undefined {
  const folders: string[] = [];
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) folders.push(basename(dir));
  const layout = folders.map(foldName).find(isKind);
  if (layout) return layout;
  const stem = basename(path, extname(path));
  const named = kindsFromName(stem);
  // 'Jobcenter_Trägerverzeichnis', 'Dienststellen_Träger': either list, and each needs only its
  // id column — the provider list loaded as the Jobcenters', its names printed as theirs (a review)
  if (named.length === 2 && named.every((k) => REFERENCE_LISTS.has(k))) {
    throw new IngestError(
      `Cannot tell which kind of data ${basename(path)} holds: its name names both reference lists (${named.join(' and ')}).`,
      path,
      undefined,
      undefined,
      `Give --kind (${named.join(' or ')}), or put the file in a folder named after its kind, e.g. inbox/${named[0]}/.`,
    );
  }
  const byName = kindFromName(stem);
  const byParent = folders[0] === undefined ? undefined : kindFromName(folders[0]);
  if (byName && byParent && byName !== byParent) {
    throw new IngestError(
      `Cannot tell which kind of data ${basename(path)} holds: its folder '${folders[0]}' says ${byParent}, its name says ${byName}.`,
      path,
      undefined,
      undefined,
      `Give --kind (${byName} or ${byParent}), or put the file in a folder named after its kind, e.g. inbox/${byName}/.`,
    );
  }
  return byName ?? folders.map(kindFromName).find((k) => k !== undefined);
}

/**
 * The kind given on the command line, or the inferred one; a clear error otherwise. A --kind
 * that a file's folder contradicts is refused here; one its name contradicts is decided on
 * the header (checkNamedKind), once the file is read.
 */
export function resolveKind(path: string, explicit?: string): Kind {
  if (explicit !== undefined) {
    if (!isKind(explicit)) throw new IngestError(`Unknown kind '${explicit}'.`, path, undefined, undefined, `Use one of: ${KINDS.join(', ')}.`);
    refuseContradictingFolder(path, explicit);
    return explicit;
  }
  const inferred = inferKind(path);
  if (inferred) return inferred;
  throw new IngestError(
    `Cannot tell which kind of data ${basename(path)} holds from its file or folder name.`,
    path,
    undefined,
    undefined,
    `Give --kind (one of: ${KINDS.join(', ')}) or put the file in a folder named after its kind, e.g. inbox/participations/.`,
  );
}

function foldersOf(path: string): string[] {
  const folders: string[] = [];
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) folders.push(basename(dir));
  return folders;
}

/**
 * --kind names the kind of every file given, but a file in a kind's folder says otherwise:
 * `almp ingest inbox --kind providers` loaded the attendance, final reports and measures of
 * the inbox as providers — each row a provider with its id and no name, replacing the
 * registry's records. Such a file is refused, never loaded as --kind.
 */
function refuseContradictingFolder(path: string, explicit: Kind): void {
  const layout = foldersOf(path).map(foldName).find(isKind);
  if (!layout || layout === explicit) return;
  throw new IngestError(
    `${basename(path)} lies in the folder '${layout}/' but --kind ${explicit} was given: ${notLoaded(explicit)}`,
    path,
    undefined,
    undefined,
    `Leave out --kind (the folder names the kind), or give only the files of kind ${explicit}; if the file really holds ${explicit}, move it out of ${layout}/.`,
  );
}

/**
 * A file named for another kind than --kind ('Abschlussberichte Mai.csv --kind providers'):
 * refused unless its header settles it. The refusal guards against the inbox's files loaded
 * as the kind given for another (4cba685): a reference list needs its id column alone, so a
 * report file's 'Träger-Nr' made each row a nameless provider. But a name's word is no sure
 * sign of the kind either: 'Zuweisungsliste Maßnahme 06411-0001.csv --kind participations'
 * (participations of one measure), 'Berichte Träger 001001 Q3.xlsx --kind final_reports' (one
 * provider's reports) were refused though their columns are those of the kind given (a sender
 * audit). So the file loads as --kind, with a note, when its header (undefined: not read as
 * --kind) has every required column of that kind and fits none of the named kinds as well —
 * every required column of it and as many of its columns or more; otherwise it is refused.
 * Returns the note, or undefined when the name says nothing against --kind; a folder named
 * for a kind decides alone (refuseContradictingFolder). A name with words of several kinds
 * ('Verbleib_Teilnehmer_2025': outcomes of participants) does not contradict a --kind that
 * is one of them.
 */
export function checkNamedKind(path: string, explicit: Kind, header: readonly string[] | undefined): string | undefined {
  if (foldersOf(path).map(foldName).some(isKind)) return undefined;
  const byName = kindsFromName(basename(path, extname(path)));
  if (byName.length === 0) return undefined;
  if (byName.includes(explicit)) return refuseBetterNamedKind(path, explicit, byName, header);
  const named = byName.join(' or ');
  const given = header === undefined ? undefined : mapHeader(explicit, header);
  // as many columns read as the named kind or more, whether or not that kind's required ones
  // are all there: a report file lacking its Berichtsdatum loaded as --kind providers, 'fitting
  // it better' with 1 column of 20 (a review)
  const fitsBetter = (kind: Kind) => mapHeader(kind, header ?? []).columns.size >= (given?.columns.size ?? 0);
  if (given !== undefined && given.missingRequired.length === 0 && !byName.some(fitsBetter)) {
    return `the file's name points to ${named}, but its header has every required column of ${explicit} and fits it better: loaded as ${explicit}, as --kind says`;
  }
  // The name is all that is sure here, not the columns: a name's kind is no sure advice
  // ('Eckwerte_Jobcenter' told to take --kind jobcenters loaded the stock figures as the
  // Jobcenter list, as its Dienststelle column is all that kind requires).
  throw new NamedKindError(
    `${basename(path)} is named for ${named} but --kind ${explicit} was given: ${notLoaded(explicit)}`,
    path,
    undefined,
    undefined,
    byName.length > 1
      ? `Compare its columns with the contract (docs/contracts.md): if they are those of ${named}, give that kind as --kind; if the file really holds ${explicit}, rename it so its name points to none of them.`
      : `Compare its columns with the contract (docs/contracts.md): if they are those of ${named}, give --kind ${named}; if the file really holds ${explicit}, rename it so its name does not point to ${named}.`,
  );
}

/**
 * A name with words of several kinds, --kind one of them ('Eckwerte_Jobcenter_06411.csv
 * --kind jobcenters'): the stock figures loaded as the Jobcenter list, each month a nameless
 * record of its Jobcenter replacing the list's, as the Dienststelle column is all that kind
 * requires. Refused where the header is another named kind's, with every required column of
 * it and more columns than --kind reads.
 */
function refuseBetterNamedKind(path: string, explicit: Kind, byName: readonly Kind[], header: readonly string[] | undefined): undefined {
  if (header === undefined) return undefined;
  const given = mapHeader(explicit, header).columns.size;
  const better = byName.find((kind) => {
    if (kind === explicit) return false;
    const mapped = mapHeader(kind, header);
    return mapped.missingRequired.length === 0 && mapped.columns.size > given;
  });
  if (better === undefined) return undefined;
  throw new NamedKindError(
    `${basename(path)} is named for ${byName.join(' or ')} and its header is that of ${better}, not of ${explicit} (${given === 1 ? '1 column' : `${given} columns`} read as ${explicit}): ${notLoaded(explicit)}`,
    path,
    undefined,
    undefined,
    `Give --kind ${better} if it holds ${better}; if it really holds ${explicit}, its header should name ${explicit}'s columns (docs/contracts.md).`,
  );
}

/**
 * A data file in a reference list's folder (or named for one): a participations file in
 * jobcenters/ loaded as the Jobcenter list, its Dienststelle all that kind reads — a version
 * of each Jobcenter record per row, a nameless Jobcenter for an id the list lacks — and the
 * 15 other columns were ignored (a review). Refused where the header has every required
 * column of another kind and reads more columns as it.
 */
export function refuseDataAsReference(path: string, kind: Kind, header: readonly string[]): void {
  if (!REFERENCE_KINDS.has(kind)) return;
  const read = mapHeader(kind, header).columns.size;
  // any other kind: a measures file in jobcenters/ read 1 column of 12 as the list (a review)
  const better = KINDS.find((other) => {
    if (other === kind) return false;
    const mapped = mapHeader(other, header);
    return mapped.missingRequired.length === 0 && mapped.columns.size > read;
  });
  if (better === undefined) return refusePersonalAsReference(path, kind, header);
  throw new IngestError(
    `${basename(path)} was taken for ${kind} (by its folder or name), but its header is that of ${better} (${read === 1 ? '1 column' : `${read} columns`} read as ${kind}): ${notLoaded(kind)}`,
    path,
    undefined,
    undefined,
    `Move it into the ${better}/ folder (or give --kind ${better}).`,
    header,
  );
}

/**
 * A list of Jobcenters, providers or measures has no column of participant ids: a participations
 * file lacking its Zuweisungsdatum in jobcenters/ fitted no data kind whole and loaded as the list,
 * a version of the Jobcenter's record per person, its name gone (a review of b0821af).
 */
function refusePersonalAsReference(path: string, kind: Kind, header: readonly string[]): void {
  const mapped = KINDS.filter((k) => !REFERENCE_KINDS.has(k)).map((k) => ({ kind: k, mapping: mapHeader(k, header) }));
  const personal = mapped.find((m) => m.mapping.columns.has('participant_id'));
  if (personal === undefined) return;
  const cell = header[personal.mapping.columns.get('participant_id')!]!.trim();
  // the data kind it reads most as, for the advice; the first in the kinds' order on a tie
  const likely = mapped.reduce((a, b) => (b.mapping.columns.size > a.mapping.columns.size ? b : a)).kind;
  throw new IngestError(
    `${basename(path)} was taken for ${kind} (by its folder or name), but it has a column of participant ids ('${cell}'), which no ${kind} list has: ${notLoaded(kind)}`,
    path,
    undefined,
    undefined,
    `Move it into the folder of its kind, likely ${likely}/ (or give --kind ${likely}); there a column it lacks is named.`,
    header,
  );
}

/** The reference lists and the measures: each needs a few columns only, which a data file holds too. */
const REFERENCE_KINDS: ReadonlySet<Kind> = new Set(['jobcenters', 'providers', 'measures']);

/** A file refused because its name points to another kind than --kind: its kind is not settled (the ledger records it as of no kind, as before the header decided). */
export class NamedKindError extends IngestError {}

function notLoaded(explicit: Kind): string {
  return `not loaded (as ${explicit} its rows would replace records of another kind).`;
}
