/**
 * The order files load in, which decides which version of a record stays: a later file
 * replaces what an earlier one said, and a file's ids are checked against the reference
 * lists loaded before it (contracts.md, "Inputs"). One order for `almp ingest <folder>` and
 * the scheduler's inbox: the kinds as docs/operations.md lists them, reference data first,
 * then the files of a kind by name as a file manager shows them.
 */
import { KINDS, isKind, type Kind } from '../schema/kinds.ts';
import { foldName, kindFromName } from './kind-inference.ts';

/**
 * Kinds in load order: jobcenters, providers, measures, then participations, final_reports,
 * attendance, jobcenter_stocks, outcomes. Loaded alphabetically, a stock file of 6411 (its
 * leading zero lost) came before the Jobcenter list and loaded with a note that the list was
 * not loaded yet, where after it the rows are rejected.
 */
export const KIND_ORDER: readonly Kind[] = KINDS;

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

/**
 * File names as a file manager lists them: case and accents aside, numbers by value
 * ('teil2' before 'teil10'), the name before its extension ('teilnahmen_06411.csv' before
 * 'teilnahmen_06411_Korrektur.csv': the collator alone puts '_' before '.', as GLib's file
 * sort and Explorer do not). By code units 'Teilnahmen_06411_Korrektur.csv' came before
 * 'teilnahmen_06411.csv', and the older file then replaced the correction (a sender audit).
 * Names equal to the collator ('a.csv', 'A.csv') are ordered by their UTF-8 bytes, so the
 * order is total and the same on every machine.
 */
export function compareNames(a: string, b: string): number {
  const [stemA, extA] = splitExtension(a);
  const [stemB, extB] = splitExtension(b);
  return collator.compare(stemA, stemB) || collator.compare(extA, extB) || Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, ''];
}

/** A folder's entry as readdir gives it. */
export interface FolderEntry {
  readonly name: string;
  isDirectory(): boolean;
}

/**
 * Where an entry of a folder goes: a folder named as a kind ('jobcenters/') at its place in
 * KIND_ORDER, any other folder after them; a loose file whose name points to a kind
 * ('dienststellen.csv' beside 'jobcenter_stocks/') at that kind's place — ranked after every
 * kind folder, a loose Jobcenter list loaded after the stocks, whose 6411 then loaded
 * unchecked (a review). Inside a kind folder the folder has said the kind, and names go as a
 * file manager shows them, as in the inbox: ranked by their words, a correction named
 * 'Zuweisungsliste Maßnahme …' in participations/ loaded before the file it corrects, and a
 * sender's folder 'Jobcenter Darmstadt/' before jobcenters/ (a review).
 */
function kindRank(entry: FolderEntry, inKindFolder: boolean): number {
  if (entry.isDirectory()) {
    const folded = foldName(entry.name);
    return isKind(folded) ? KIND_ORDER.indexOf(folded) : KIND_ORDER.length;
  }
  if (inKindFolder) return KIND_ORDER.length;
  const named = kindFromName(splitExtension(entry.name)[0]);
  return named === undefined ? KIND_ORDER.length : KIND_ORDER.indexOf(named);
}

/**
 * Order of a folder's entries (`inKindFolder`: the folder or one above it is named as a kind):
 * kind folders and loose files named for a kind first, in KIND_ORDER; then by name (compareNames).
 */
export function compareEntries(a: FolderEntry, b: FolderEntry, inKindFolder = false): number {
  return kindRank(a, inKindFolder) - kindRank(b, inKindFolder) || compareNames(a.name, b.name);
}

/** Whether a folder of this name says the kind of what it holds. */
export const isKindFolder = (name: string): boolean => isKind(foldName(name));
