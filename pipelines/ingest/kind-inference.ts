/**
 * Which input kind a file holds, when `--kind` is not given: from the nearest folder
 * (`inbox/participations/x.csv`) or else the file name (`final_reports_2024.xlsx`,
 * `Abschlussberichte Mai.csv`). English kind names and the German words people use
 * for the same exports are both accepted.
 */
import { basename, dirname, extname } from 'node:path';
import { KINDS, isKind, type Kind } from '../schema/kinds.ts';
import { IngestError } from '../errors.ts';

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

/** The kind given on the command line, or the inferred one; a clear error otherwise. */
export function resolveKind(path: string, explicit?: string): Kind {
  if (explicit !== undefined) {
    if (!isKind(explicit)) throw new IngestError(`Unknown kind '${explicit}'.`, path, undefined, undefined, `Use one of: ${KINDS.join(', ')}.`);
    refuseContradictedKind(path, explicit);
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

/**
 * --kind names the kind of every file given, but a file in a kind's folder (or named for a
 * kind) says otherwise: `almp ingest inbox --kind providers` loaded the attendance, final
 * reports and measures of the inbox as providers — each row a provider with its id and no
 * name, replacing the registry's records. Such a file is refused, never loaded as --kind.
 * A name with words of several kinds ('Verbleib_Teilnehmer_2025': outcomes of participants)
 * does not contradict a --kind that is one of them: the longest word is a guess for when
 * nothing was said, not a reason to overrule what was.
 */
function refuseContradictedKind(path: string, explicit: Kind): void {
  const folders: string[] = [];
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) folders.push(basename(dir));
  const layout = folders.map(foldName).find(isKind);
  const byName = kindsFromName(basename(path, extname(path)));
  if (layout) {
    if (layout === explicit) return;
    throw new IngestError(
      `${basename(path)} lies in the folder '${layout}/' but --kind ${explicit} was given: ${notLoaded(explicit)}`,
      path,
      undefined,
      undefined,
      `Leave out --kind (the folder names the kind), or give only the files of kind ${explicit}; if the file really holds ${explicit}, move it out of ${layout}/.`,
    );
  }
  if (byName.length === 0 || byName.includes(explicit)) return;
  // The name is all that is known here, not the columns: a name's kind is no sure advice
  // ('Eckwerte_Jobcenter' told to take --kind jobcenters loaded the stock figures as the
  // Jobcenter list, as its Dienststelle column is all that kind requires).
  const named = byName.join(' or ');
  throw new IngestError(
    `${basename(path)} is named for ${named} but --kind ${explicit} was given: ${notLoaded(explicit)}`,
    path,
    undefined,
    undefined,
    byName.length > 1
      ? `Compare its columns with the contract (docs/contracts.md): if they are those of ${named}, give that kind as --kind; if the file really holds ${explicit}, rename it so its name points to none of them.`
      : `Compare its columns with the contract (docs/contracts.md): if they are those of ${named}, give --kind ${named}; if the file really holds ${explicit}, rename it so its name does not point to ${named}.`,
  );
}

function notLoaded(explicit: Kind): string {
  return `not loaded (as ${explicit} its rows would replace records of another kind).`;
}
