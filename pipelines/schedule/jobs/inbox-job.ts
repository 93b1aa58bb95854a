/**
 * The inbox job: scan inbox/<kind>/, ingest each complete file on its own, then move it:
 * loaded → archive/<day>/<kind>/, rejected → quarantine/<kind>/ with <name>.reasons.txt.
 * One item per file (success: new rows loaded; skipped: already loaded; error: quarantined).
 * On shutdown it stops between files; the files not reached stay in the inbox. A file it
 * archived that grows within 24 hours goes back into the inbox (archive-watch.ts).
 */
import type { ItemResult } from '../../results.ts';
import type { FileIngestResult } from '../../ingest/file-result.ts';
import { after, ensureInbox, holdsBack, refusedNow, scanInbox, type InboxFile, type ScanMemory } from '../../ops/inbox.ts';
import { REASONS_SUFFIX, archiveFile, quarantineFile } from '../../ops/inbox-move.ts';
import { KeyMismatchError } from '../../ingest/key-guard.ts';
import type { JobContext } from '../scheduler.ts';
import { localDay } from '../working-days.ts';
import type { Verbs } from './verbs.ts';
import { ArchiveWatch } from './archive-watch.ts';
import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { isMachineTrouble } from '../../errors.ts';
import { maskParticipantIds, shownFileName } from '../../ingest/value-shapes.ts';
import { rows } from '../../counts.ts';
import { reasonCountLines, worthCounting } from '../../ingest/reject-counts.ts';

const number = new Intl.NumberFormat('de-DE');

/** Size and modification time: what changes when a sender appends. */
function fileState(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'gone';
  }
}

export interface InboxJobOptions {
  readonly inbox: string;
  readonly archive: string;
  readonly quarantine: string;
  readonly minAgeMs: number;
  readonly cutOffWaitMs: number;
  readonly timezone: string;
  readonly key: Buffer;
  /** Where the key came from, for the warnings that name it (the key file, or ALMP_PSEUDONYM_KEY). */
  readonly keyLocation?: string;
  readonly ingest: Verbs['ingest'];
}

/**
 * How a file is named in the log and the ledger: 'kind/name' with a Kundennummer in the name
 * masked, as on the terminal. A provider's 'Bericht_123A456789_Korrektur.json' put the raw id
 * into almp.log and meta.job_runs, which hold no participant ids.
 */
function itemName(file: { kind: string; name: string }): string {
  return `${file.kind}/${shownFileName(file.name)}`;
}

/**
 * The reasons file beside an archived file, which the clerk passes on to the sender: every
 * reject in row order (up to REASONS_KEPT), under the file's counts and, where a column and
 * reason repeats, the count of each (as on the terminal). It held the terminal's
 * first five reasons only: a file of 4 bad rows named row 2 alone (its five bad columns).
 */
function rejectedRows(result: FileIngestResult): [string[], string] {
  const notes = result.notes ?? [];
  const rejects = result.reasons ?? result.firstReasons;
  // what the sender must fix beyond single rows (a key column missing) comes first; then, where
  // a column and reason repeats, their counts (a file of 10^6 rows bad in one column listed its
  // first 1,000 rows, the terminal said how many there were)
  const counts = result.reasonCounts;
  const counted = counts !== undefined && worthCounting(counts) ? reasonCountLines(counts).map((line) => `counted: ${line}`) : [];
  const reasons = [...notes.map((note) => `note: ${note}`), ...counted, ...rejects];
  const more = (result.rejectLines ?? rejects.length) - rejects.length;
  if (more > 0) reasons.push(`… and ${number.format(more)} more: almp rejects ${result.fileId ?? '?'}`);
  // a corrected file replaces the rows loaded now by their keys: not so when a key column was missing
  const replaces = notes.length === 0 ? ' (its rows loaded now are replaced, not doubled)' : '';
  const loaded = `Loaded ${number.format(result.rowsLoaded)} of ${rows(result.rowsRead)}`;
  // notes alone (a key column or a second sheet): each says what to do; nothing to correct row by row
  const heading = result.rowsRejected === 0 && rejects.length === 0
    ? `${loaded}; none rejected. Notes, each with what to do:`
    : `${loaded}; ${rows(result.rowsRejected)} rejected. Send the corrected file again${replaces}:`;
  return [reasons, heading];
}

export function inboxJob(options: InboxJobOptions): (context: JobContext) => Promise<ItemResult[]> {
  const memory: ScanMemory = new Map();
  // kept in the archive folder: a restart between a sender's pause and the rest of its upload does not lose it
  const watch = new ArchiveWatch({ archive: options.archive, inbox: options.inbox });
  const archiveRoot = resolve(options.archive) + sep;
  ensureInbox(options.inbox);
  return async ({ db, signal, effects }) => {
    const returned = watch.returnGrown(effects.now(), effects.log);
    const scan = scanInbox(options.inbox, { nowMs: effects.now().getTime(), minAgeMs: options.minAgeMs, cutOffWaitMs: options.cutOffWaitMs, memory });
    if (scan.waiting.length > 0) effects.log.debug({ event: 'inbox_waiting', files: scan.waiting.length }, 'files still being written: next scan');
    for (const file of scan.waiting.filter((f) => f.holdReason)) {
      effects.log.info({ event: 'inbox_held', file: itemName(file), reason: file.holdReason }, `${itemName(file)} waits: ${file.holdReason}`);
    }
    const items: ItemResult[] = [...returned];
    for (const file of scan.refused) {
      quarantineFile(file, options.quarantine, [file.reason]);
      items.push({ name: itemName(file), status: 'error', error: file.reason });
    }
    // a file that stayed in the inbox (changed while it loaded) holds back its correction in this
    // scan too: loaded now, the correction was replaced by the original at the next scan (a review)
    const stayed: InboxFile[] = [];
    for (const file of scan.ready) {
      if (signal.aborted) {
        items.push({ name: itemName(file), status: 'not_run', error: 'stopped before this file (still in the inbox)' });
        continue;
      }
      const waitsFor = stayed.find((s) => s.kind === file.kind && holdsBack(s.name, file.name));
      if (waitsFor) {
        effects.log.info({ event: 'inbox_held', file: itemName(file), reason: after(waitsFor.name) }, `${itemName(file)} waits: ${after(waitsFor.name)}`);
        continue;
      }
      const item = await ingestOne(file, options, { db, effects });
      if (item.path && resolve(item.path).startsWith(archiveRoot)) {
        watch.add({ archived: item.path, inboxPath: file.path, name: item.name }, effects.now(), effects.log);
      }
      if (existsSync(file.path)) stayed.push(file);
      // the reasons of its quarantine, dropped back beside it: answered now, the archive or the
      // quarantine has the new ones (left, it turned status red: a review)
      else rmSync(`${file.path}${REASONS_SUFFIX}`, { force: true });
      items.push(item);
    }
    return items;
  };
}

async function ingestOne(file: InboxFile, options: InboxJobOptions, { db, effects }: Pick<JobContext, 'db' | 'effects'>): Promise<ItemResult> {
  const name = itemName(file);
  const t0 = Date.now();
  const refused = refusedNow(options.inbox, file.path);
  if (refused) {
    // a link out of the inbox goes to quarantine, as the scan sends it; anything else stays
    const moved = refused.quarantine ? quarantineFile(file, options.quarantine, [refused.reason]) : undefined;
    effects.log.warn({ event: 'inbox_refused_after_scan', file: name, reason: refused.reason }, `${name} not read: ${refused.reason}`);
    return { name, status: 'error', error: refused.reason, ...(moved ? { path: moved } : {}), ms: Date.now() - t0 };
  }
  let result: FileIngestResult | undefined;
  let failure: string | undefined;
  const before = fileState(file.path);
  try {
    [result] = await options.ingest(db, { paths: [file.path], kind: file.kind, kindOfFolder: true, key: options.key, keyLocation: options.keyLocation }, effects);
  } catch (error) {
    // the wrong key is not the file's fault: the job fails and the files wait in the inbox
    if (error instanceof KeyMismatchError) throw error;
    failure = error instanceof Error ? error.message : String(error);
  }
  const loaded = result !== undefined && (result.status === 'success' || result.alreadyLoaded);
  // A sender still writing (a pause longer than the scan's wait) appended rows while the
  // file loaded: archived now, they were never loaded and nobody was told. It stays in the
  // inbox; the next scan loads the whole file, which replaces the rows loaded now.
  const after = loaded ? fileState(file.path) : before;
  // Someone removed the file from the inbox while it loaded: its rows are in, only the
  // archive copy is missing — a success, said in the log, not a failure to chase.
  if (loaded && after === 'gone') {
    const note = 'removed from the inbox while it was being loaded: its rows are loaded, no copy is in the archive';
    effects.log.warn({ event: 'inbox_removed_while_loading', file: name }, `${name} ${note}`);
    return { name, status: result!.alreadyLoaded ? 'skipped' : 'success', rows: result!.rowsLoaded, error: note, ms: Date.now() - t0 };
  }
  if (loaded && after !== before) {
    const note = 'changed while it was being loaded (still being written?): stays in the inbox and is loaded whole at the next scan';
    effects.log.warn({ event: 'inbox_changed_while_loading', file: name }, `${name} ${note}`);
    return { name, status: 'success', rows: result!.rowsLoaded, error: note, ms: Date.now() - t0 };
  }
  if (loaded) {
    let path: string;
    try {
      path = archiveFile(file, options.archive, localDay(effects.now(), options.timezone), ...rejectedRows(result!));
    } catch (error) {
      // loaded and committed: the next scan finds it already loaded and archives it then
      const note = `loaded, but could not be moved to the archive (stays in the inbox; the next scan archives it): ${error instanceof Error ? error.message : String(error)}`;
      effects.log.error({ event: 'inbox_archive_failed', file: name, reason: note }, `${name} ${note}`);
      return { name, status: result!.alreadyLoaded ? 'skipped' : 'success', rows: result!.rowsLoaded, error: note, ms: Date.now() - t0 };
    }
    // the same content under another name (a copy, a re-send): 'loaded' with 0 rows read as data lost
    const done = result!.alreadyLoaded ? `already loaded${result!.loadedAs ? ` as ${maskParticipantIds(result!.loadedAs)}` : ''}, nothing changed; archived` : 'loaded and archived';
    effects.log.info({ event: 'file_archived', file: name, rows: result!.rowsLoaded, rejected: result!.rowsRejected, alreadyLoaded: result!.alreadyLoaded }, `${name} ${done}`);
    return { name, status: result!.alreadyLoaded ? 'skipped' : 'success', rows: result!.rowsLoaded, path, ms: Date.now() - t0 };
  }
  const reason = failure ?? result?.error ?? 'the file was rejected';
  // Not the file's fault: a full disk, a read-only folder, too little memory. The file waits
  // in the inbox for the next scan instead of going to quarantine as if it were bad.
  if (isMachineTrouble(reason)) {
    effects.log.error({ event: 'inbox_machine_trouble', file: name, reason }, `${name} waits in the inbox: ${reason}`);
    return { name, status: 'error', error: `not loaded, waits in the inbox (a problem of the machine, not of the file: free disk space or memory, or check the folder's permissions): ${reason}`, ms: Date.now() - t0 };
  }
  const reasons = [reason, ...(result?.firstReasons ?? [])];
  const path = quarantineFile(file, options.quarantine, reasons);
  effects.log.warn({ event: 'file_quarantined', file: name, reason: reasons[0] }, `${name} rejected and quarantined`);
  return { name, status: 'error', path, error: reasons[0], ms: Date.now() - t0 };
}
