/**
 * Scanning the inbox: `inbox/<kind>/<file>`. A file is picked up only when it is complete:
 * its size and mtime were the same at the previous scan, or it is older than a minimum age;
 * and it ends as a complete file of its format does (file-end.ts), or it has lain untouched
 * for the longer cut-off wait (then it is loaded and its cut-off row rejected, as before).
 * Temp names (starting with '.' or '~$', ending in .tmp or .part) are never picked up, so an
 * uploader that writes `x.csv.part` and renames it when done is always safe.
 *
 * File names are never trusted as paths: every path is resolved and must stay under the
 * inbox root; a symlink whose target lies outside the root is refused.
 */
import { lstatSync, mkdirSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, relative, resolve, isAbsolute } from 'node:path';
import { KINDS, type Kind } from '../schema/kinds.ts';
import { KIND_ORDER, compareNames } from '../ingest/load-order.ts';
import { cutOffReason } from './file-end.ts';
import { maskParticipantIds } from '../ingest/value-shapes.ts';
import { isDataName, isSystemFile } from '../ingest/data-names.ts';
import { REASONS_SUFFIX } from './inbox-move.ts';

export interface InboxFile {
  readonly kind: Kind;
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Set on a waiting file that looks cut off: why it waits. */
  readonly holdReason?: string;
}

export interface RefusedFile {
  readonly kind: Kind;
  readonly name: string;
  readonly path: string;
  readonly reason: string;
}

/** What the previous scan saw, by path: the stability check compares against it. */
export type ScanMemory = Map<string, { size: number; mtimeMs: number }>;

export interface InboxScan {
  /** Complete files, in load order (load-order.ts): kinds reference data first, then by name. */
  readonly ready: InboxFile[];
  /** Files that may still be being written. */
  readonly waiting: InboxFile[];
  readonly refused: RefusedFile[];
}

export function isTempName(name: string): boolean {
  const lower = name.toLowerCase();
  // '~$' is the lock file Excel keeps beside an open workbook; '.filepart' WinSCP's upload
  // (loaded half after a stall, its rename then failed: an operator's audit), '.crdownload'
  // and '.download' browsers' downloads
  return name.startsWith('.') || name.startsWith('~$') || ['.tmp', '.part', '.filepart', '.crdownload', '.download'].some((end) => lower.endsWith(end));
}

/** A file of a kind folder the scan reads: data by its name, not a temporary or system file, nor a quarantined file's reasons dropped back with it. */
function isReadName(name: string): boolean {
  return !isTempName(name) && !isSystemFile(name) && !name.endsWith(REASONS_SUFFIX) && isDataName(name);
}

/**
 * What a share or a volume holds of its own at the inbox root, and the reasons file of a
 * quarantined file dropped back beside it: no data, no reason for status to go red (a review:
 * lost+found of an inbox on its own volume kept it at 1 for good).
 */
function isPassedOver(name: string, siblings: ReadonlySet<string> = new Set()): boolean {
  // a reasons file alone (its data file loaded and archived, or a delivery so named) is named by status
  const reasonsBeside = name.endsWith(REASONS_SUFFIX) && siblings.has(name.slice(0, -REASONS_SUFFIX.length));
  return isSystemFile(name) || reasonsBeside || SHARE_FOLDERS.has(name.toLowerCase());
}

const SHARE_FOLDERS = new Set(['lost+found', '$recycle.bin', '#recycle', '@eadir', 'system volume information', '#snapshot']);

/** An upload named as one in progress (.part, .filepart, …) untouched for a day: abandoned, its data in no figure. */
const ABANDONED_AFTER_MS = 24 * 3_600_000;

function abandonedUpload(path: string, name: string, nowMs: number): boolean {
  if (!isUploadName(name)) return false;
  const stat = safeStat(path);
  return stat !== undefined && nowMs - stat.mtimeMs > ABANDONED_AFTER_MS;
}

/**
 * A name an upload in progress has: a temporary ending, or a hidden name of a data file
 * (`.teilnahmen.csv`, as the folder's notes advise, or rsync's `.teilnahmen.csv.Ab12Cd`) —
 * abandoned, those stayed unnamed for good. Not Excel's lock file `~$…`, nor a hidden file of
 * a desktop (`.DS_Store`) or of macOS on a share (`._teilnahmen.csv`).
 */
function isUploadName(name: string): boolean {
  if (name.startsWith('~$') || name.startsWith('._')) return false;
  if (!name.startsWith('.')) return isTempName(name);
  const hidden = name.slice(1);
  return isDataName(hidden) || isTempName(hidden) || isDataName(hidden.replace(/\.[A-Za-z0-9]{6}$/, ''));
}

/** True when `path` is `root` itself or lies below it (both absolute, already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Creates inbox/<kind>/ for every kind, so operators see where files go. */
export function ensureInbox(root: string): void {
  for (const kind of KINDS) mkdirSync(join(root, kind), { recursive: true });
}

export interface ScanOptions {
  readonly nowMs: number;
  readonly minAgeMs: number;
  /** How long a file that looks cut off waits untouched before it is loaded anyway. */
  readonly cutOffWaitMs: number;
  readonly memory: ScanMemory;
}

export function scanInbox(root: string, options: ScanOptions): InboxScan {
  const ready: InboxFile[] = [];
  const waiting: InboxFile[] = [];
  const refused: RefusedFile[] = [];
  const realRoot = realpathSync(root);
  const seen: ScanMemory = new Map();
  for (const kind of KIND_ORDER) {
    const dir = resolve(realRoot, kind);
    if (!existsDir(dir) || !isInside(realRoot, realpathSync(dir))) continue;
    // A file that waits holds back the files named after it with an addition (its correction,
    // which loads after it: load-order.ts): a correction ready before the file it corrects (that
    // one still uploading, or cut off) loaded first and was then replaced by it, the corrected
    // exits gone without a word (an operator's audit).
    const held: string[] = [];
    for (const name of readdirSync(dir).sort(compareNames)) {
      // a covering letter's PDF is no data: listed by status as not read, left where it is
      if (!isReadName(name)) continue;
      const path = resolve(dir, name);
      if (!isInside(dir, path) || path === dir) continue;
      const entry = checkEntry(realRoot, path);
      if (entry.refused) refused.push({ kind, name, path, reason: entry.refused });
      if (!entry.stat) continue;
      const stat = entry.stat;
      const file: InboxFile = { kind, name, path, size: stat.size, mtimeMs: stat.mtimeMs };
      seen.set(path, { size: stat.size, mtimeMs: stat.mtimeMs });
      const before = options.memory.get(path);
      const unchanged = before !== undefined && before.size === stat.size && before.mtimeMs === stat.mtimeMs;
      const ageMs = options.nowMs - stat.mtimeMs;
      const first = held.find((earlier) => holdsBack(earlier, name));
      // 0: no wait — a file's time a few ms ahead of the clock (the file system's coarser clock) made it wait a scan (a flaky CI run)
      if (!unchanged && options.minAgeMs > 0 && ageMs < options.minAgeMs) {
        waiting.push(first === undefined ? file : { ...file, holdReason: after(first) });
        held.push(name);
        continue;
      }
      const holdReason = ageMs < options.cutOffWaitMs ? safeCutOffReason(path, stat.size) : undefined;
      if (holdReason || first !== undefined) {
        waiting.push({ ...file, holdReason: holdReason ?? after(first!) });
        held.push(name);
      } else ready.push(file);
    }
  }
  // Remember only what is still there: the memory never grows beyond the inbox.
  options.memory.clear();
  for (const [path, seenStat] of seen) options.memory.set(path, seenStat);
  return { ready, waiting, refused };
}

/** A name without its extension, as names compare (load-order.ts): lower case, NFC. */
function stemOf(name: string): string {
  return name.slice(0, name.length - extname(name).length).normalize('NFC').toLowerCase();
}

/** Whether a file of a kind folder waits while `earlier` of that folder does: it is named after it with an addition (its correction). */
export function holdsBack(earlier: string, later: string): boolean {
  return stemOf(later).startsWith(stemOf(earlier));
}

/** Why a ready file waits for an earlier one of its kind. */
export function after(first: string): string {
  return `waits for ${maskParticipantIds(first)}, which loads before it (a correction must not load before the file it corrects)`;
}

const LINK_OUTSIDE = 'symbolic link pointing outside the inbox (refused for safety)';

/**
 * An entry of a kind folder: a regular file (through a link that stays inside the inbox) has
 * its stat; a link out of the inbox is refused; anything else (a folder, a named pipe, a
 * device, gone) is passed over.
 */
function checkEntry(realRoot: string, path: string): { stat?: Stats; refused?: string } {
  const link = safeLstat(path);
  if (link?.isSymbolicLink()) {
    const target = safeRealpath(path);
    if (!target || !isInside(realRoot, target)) return { refused: LINK_OUTSIDE };
  }
  const stat = safeStat(path);
  return stat?.isFile() ? { stat } : {};
}

/**
 * The scan's check of a ready file again, right before it is read: a sender who can make
 * links could swap a file the scan passed for a link to /dev/zero, a named pipe or another
 * user's file while earlier files loaded (seconds to minutes), and the file was read
 * through it. Undefined when it is still a regular file in the inbox.
 */
export function refusedNow(root: string, path: string): { reason: string; quarantine: boolean } | undefined {
  const entry = checkEntry(realpathSync(root), path);
  if (entry.refused) return { reason: entry.refused, quarantine: true };
  return entry.stat ? undefined : { reason: 'no longer a regular file (replaced or removed after the scan): not read', quarantine: false };
}

/** Files in the inbox that have not been picked up yet (for `almp status`). */
export function countInbox(root: string): Partial<Record<Kind, number>> {
  const counts: Partial<Record<Kind, number>> = {};
  for (const kind of KINDS) {
    const dir = join(root, kind);
    if (!existsDir(dir)) continue;
    // files the scan reads: a sub-folder counted 'waiting' for good, which no scan reads
    const n = readdirSync(dir, { withFileTypes: true }).filter((e) => !e.isDirectory() && isReadName(e.name)).length;
    if (n > 0) counts[kind] = n;
  }
  return counts;
}

/**
 * Files of the inbox that wait because they look cut off ("kind/name: reason"): status said
 * only "Inbox waiting: 1", and why a file stayed there was in the log alone.
 */
export function cutOffInInbox(root: string): string[] {
  const waiting: string[] = [];
  for (const kind of KIND_ORDER) {
    const dir = join(root, kind);
    if (!existsDir(dir)) continue;
    // and what such a file holds back (its correction): status named the cut-off file only, the
    // correction waiting beside it unexplained
    const held: string[] = [];
    for (const name of readdirSync(dir).filter(isReadName).sort(compareNames)) {
      const stat = safeStat(join(dir, name));
      const first = held.find((earlier) => holdsBack(earlier, name));
      const reason = (stat?.isFile() ? safeCutOffReason(join(dir, name), stat.size) : undefined) ?? (first === undefined ? undefined : after(first));
      // a Kundennummer in a file name stays off the terminal, as in ingest's lines
      if (reason) waiting.push(`${kind}/${maskParticipantIds(name)}: ${reason}`);
      if (reason) held.push(name);
    }
  }
  return waiting;
}

/**
 * Entries of the inbox that no scan reads: files beside the kind folders, unknown folders, and
 * in a kind folder its sub-folders and files that are no data (a PDF): status exits 1 while
 * they lie there — a monitor never learned of a loose file, and a sub-folder's file counted as
 * waiting for good (an operator's audit).
 */
export function strayInInbox(root: string, nowMs: number = Date.now()): string[] {
  if (!existsDir(root)) return [];
  const kinds = new Set<string>(KINDS);
  const shown = (e: { name: string; isDirectory(): boolean }, prefix = '') =>
    // masked as every other name status prints: 'Abschlussbericht 294G658486.csv' went raw into status --json (a privacy audit)
    maskParticipantIds(`${prefix}${e.name}${e.isDirectory() ? '/' : ''}`);
  // an upload left half (x.csv.filepart, two days old) stayed 'waiting: none' and green for good (a review)
  const abandoned = (folder: string, e: { name: string; isDirectory(): boolean }) => !e.isDirectory() && abandonedUpload(join(folder, e.name), e.name, nowMs);
  const shownAbandoned = (e: { name: string; isDirectory(): boolean }, prefix = '') => `${shown(e, prefix)} (an upload unfinished for over a day)`;
  const loose = readdirSync(root, { withFileTypes: true })
    .filter((e) => !isPassedOver(e.name) && !(e.isDirectory() && kinds.has(e.name)))
    .filter((e) => !isTempName(e.name) || abandoned(root, e))
    .map((e) => (isTempName(e.name) ? shownAbandoned(e) : shown(e)));
  const inKindFolders = KINDS.filter((kind) => existsDir(join(root, kind))).flatMap((kind) => {
    const entries = readdirSync(join(root, kind), { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    return entries
      .filter((e) => !isPassedOver(e.name, names))
      .filter((e) => (isTempName(e.name) ? abandoned(join(root, kind), e) : e.isDirectory() || !isDataName(e.name) || e.name.endsWith(REASONS_SUFFIX)))
      .map((e) => (isTempName(e.name) ? shownAbandoned(e, `${kind}/`) : shown(e, `${kind}/`)));
  });
  return [...loose, ...inKindFolders].sort();
}

/**
 * cutOffReason, but a file this process cannot open (permissions, a file gone between
 * the listing and the read) waits with the reason instead of failing the whole scan: one
 * unreadable upload held every other file of the inbox back until the cut-off wait ended.
 */
function safeCutOffReason(path: string, size: number): string | undefined {
  try {
    return cutOffReason(path, size);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `cannot be read (${code}: check the file's owner and permissions)`;
  }
}

function existsDir(path: string): boolean {
  return safeStat(path)?.isDirectory() ?? false;
}

function safeStat(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function safeLstat(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // dangling link
  }
}
