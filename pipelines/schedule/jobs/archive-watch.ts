/**
 * The archive watch: files the inbox job archived, watched for 24 hours for a sender still
 * writing. An upload that paused at a line break longer than the scan's wait loaded its
 * first half and was archived (a rename: the sender's open file moved with it); the rest was
 * written into the archive copy — 1,501 of 3,000 participations missing with exit 0 and no
 * word. A file that grew goes back into the inbox, to load whole once complete.
 *
 * The watch is kept in `<archive>/.archive-watch.json` (written whole and renamed into place),
 * so a restart between the pause and the resumed upload does not lose it. Not in the
 * database: the paths are the names as sent, which may hold a Kundennummer, and the database
 * holds no raw id (contracts.md; meta.files keeps names masked). The archive holds those files
 * anyway, under the same permissions and retention; ingest and key rotation skip dot files.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ItemResult } from '../../results.ts';
import type { Effects } from '../../effects.ts';
import { writeFileAtomic } from '../../atomic-file.ts';
import { isInside } from '../../ops/inbox.ts';

/** The watch's file in the archive folder (purge leaves it be; ingest skips dot files). */
export const ARCHIVE_WATCH_FILE = '.archive-watch.json';

/** How long an archived file is watched for a sender writing on (a paused upload resumes within minutes). */
export const WATCH_MS = 24 * 3600_000;

const WatchedSchema = z.object({
  /** Where the file lies in the archive. */
  archived: z.string(),
  /** Where it came from, and goes back to when it grew. */
  inboxPath: z.string(),
  /** As the log and the ledger name it (a Kundennummer masked). */
  name: z.string(),
  /** Size and modification time when it was archived: what changes when a sender appends. */
  size: z.number(),
  mtimeMs: z.number(),
  archivedAt: z.iso.datetime(),
});

export type WatchedFile = z.infer<typeof WatchedSchema>;

const WatchFileSchema = z.object({ files: z.array(z.unknown()) });

type Log = Effects['log'];

/** The files archived under `archive` and watched: read from its watch file at first use, written at every change. */
export class ArchiveWatch {
  private files: WatchedFile[] | undefined;
  private readonly path: string;

  constructor(private readonly places: { readonly archive: string; readonly inbox: string }) {
    this.path = join(places.archive, ARCHIVE_WATCH_FILE);
  }

  /** Watches a file just archived from `inboxPath`. */
  add(file: { archived: string; inboxPath: string; name: string }, now: Date, log: Log): void {
    const state = fileState(file.archived);
    if (!state) return;
    this.load(now, log).push({ ...file, ...state, archivedAt: now.toISOString() });
    this.save(log);
  }

  /**
   * Moves the watched files that grew since they were archived back into the inbox (one item
   * each), and stops watching those and the ones watched for 24 hours.
   */
  returnGrown(now: Date, log: Log): ItemResult[] {
    const files = this.load(now, log);
    const items: ItemResult[] = [];
    const kept = files.filter((w) => {
      const state = fileState(w.archived);
      const same = state !== undefined && state.size === w.size && state.mtimeMs === w.mtimeMs;
      if (same && !expired(w, now)) return true;
      if (state && !same) items.push(moveBack(w, log));
      return false;
    });
    if (kept.length !== files.length) {
      this.files = kept;
      this.save(log);
    }
    return items;
  }

  /**
   * The watch as the file holds it, read once: entries watched for 24 hours and entries that
   * do not lie in this archive and inbox (the folders moved in the schedule file) are dropped.
   */
  private load(now: Date, log: Log): WatchedFile[] {
    if (this.files) return this.files;
    const stored = readWatchFile(this.path, log);
    this.files = stored.filter((w) => !expired(w, now) && isInside(resolve(this.places.archive), resolve(w.archived)) && isInside(resolve(this.places.inbox), resolve(w.inboxPath)));
    if (this.files.length > 0) log.info({ event: 'archive_watch_resumed', files: this.files.length }, `watching ${this.files.length} file(s) archived in the last 24 hours for a sender still writing`);
    if (this.files.length !== stored.length) this.save(log);
    return this.files;
  }

  private save(log: Log): void {
    const files = this.files ?? [];
    try {
      if (files.length === 0) rmSync(this.path, { force: true });
      else writeFileAtomic(this.path, `${JSON.stringify({ files }, null, 2)}\n`);
    } catch (error) {
      // the watch goes on in memory; a restart before the next write loses it, as before
      log.error({ event: 'archive_watch_not_saved', error: String(error) }, `could not write ${this.path} (a restart forgets the files watched): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function expired(file: WatchedFile, now: Date): boolean {
  return now.getTime() - Date.parse(file.archivedAt) >= WATCH_MS;
}

function fileState(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    const { size, mtimeMs } = statSync(path);
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}

/** The watched files of the watch file; none when there is none, and none (said in the log) when it cannot be read. */
function readWatchFile(path: string, log: Log): WatchedFile[] {
  if (!existsSync(path)) return [];
  try {
    const { files } = WatchFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    return files.flatMap((entry) => {
      const parsed = WatchedSchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  } catch (error) {
    log.warn({ event: 'archive_watch_unreadable', error: String(error) }, `${path} could not be read (${error instanceof Error ? error.message : String(error)}): the files archived before this start are not watched`);
    return [];
  }
}

function moveBack(w: WatchedFile, log: Log): ItemResult {
  if (existsSync(w.inboxPath)) {
    const note = `grew after it was loaded and archived (a sender still writing after a pause), but a file of its name is in the inbox again: the archive copy ${w.archived} holds rows that are not loaded — ingest it by hand`;
    log.error({ event: 'inbox_grew_after_archive', file: w.name }, `${w.name} ${note}`);
    return { name: w.name, status: 'error', error: note };
  }
  renameSync(w.archived, w.inboxPath);
  const note = 'grew after it was loaded and archived (a sender still writing after a pause): moved back into the inbox, it loads whole once complete (its rows loaded before are replaced, not doubled)';
  log.warn({ event: 'inbox_grew_after_archive', file: w.name }, `${w.name} ${note}`);
  return { name: w.name, status: 'skipped', error: note };
}
