/**
 * `almp ingest <export-folder>`: a state instance takes in the exports of several Jobcenter
 * instances. The records are already pseudonymised; they link up only when every instance
 * used the same key, which the manifest's key fingerprint proves. Each exported kind file
 * loads like any input file: one transaction, ledger by content hash, later versions of a
 * key supersede earlier ones. A later export of the same instance replaces its earlier one
 * (instance.ts): its records that the new export no longer holds are retired.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { IngestError } from '../errors.ts';
import type { ItemResult } from '../results.ts';
import { KIND_SPECS, KINDS, type Kind } from '../schema/kinds.ts';
import { keyFingerprint, MANIFEST_FILE, readManifest, type Manifest } from './manifest.ts';
import { ensureSameKey } from '../ingest/key-guard.ts';
import { stageAndCheck, stagedTable } from './import-values.ts';
import { parseAsOf } from '../models/as-of.ts';
import { reinstateHeldElsewhere } from './reinstate.ts';
import { replaceInstance } from './replace-instance.ts';
import { historyName, storeHistory } from './history.ts';
import { rawFile, verifyExport } from './verify-export.ts';
import { privateFolder, removePrivateFolder } from './private-copy.ts';
import { dropStagedSource, stageSource, storeSource } from './source.ts';
import { signatureProblem } from './signature.ts';
import { rows as rowCount } from '../counts.ts';

export function isExportFolder(path: string): boolean {
  return existsSync(join(path, MANIFEST_FILE));
}

export async function importExport(db: Db, options: { dir: string; key: Buffer; keyLocation?: string; replaces?: string }, effects: Effects): Promise<ItemResult[]> {
  const { manifest, kindRows, historyRows, digests } = readManifest(options.dir);
  if (manifest.keyFingerprint !== keyFingerprint(options.key)) {
    // Both sides named: a state that had no key configured made a new one, and only the
    // fingerprints tell whether the state or the Jobcenter holds the other key.
    throw new IngestError(
      `The export in ${options.dir} was pseudonymised with a different key (fingerprint ${manifest.keyFingerprint}) than the key configured here (${options.keyLocation ?? 'the key given'}, fingerprint ${keyFingerprint(options.key)}). Nothing of it was loaded: its pseudonyms would link to none of the other instances' records.`,
      options.dir,
      undefined,
      undefined,
      'Configure the state-wide key here (ALMP_PSEUDONYM_KEY or --key-file) if the Jobcenters use it; a Jobcenter that used a key of its own must ingest its files again under the state-wide key (a new database) and export again.',
    );
  }
  if (manifest.format !== 'parquet') {
    throw new IngestError(
      `The export in ${options.dir} is in Arrow format, which is for analysts (R, pandas, Polars); an instance imports Parquet exports.`,
      options.dir,
      undefined,
      undefined,
      'Export again with almp export --format parquet, then ingest that folder.',
    );
  }
  const unsigned = signatureProblem(manifest, options.key);
  if (unsigned) {
    throw new IngestError(
      `The export in ${options.dir} ${unsigned}. Nothing of it was loaded: its files cannot be told from ones altered on the way.`,
      options.dir,
      undefined,
      undefined,
      'Export again at the Jobcenter with a current almp (almp export --format parquet) and copy the whole folder; if that export is refused too, its files were changed after it was written.',
    );
  }
  await ensureSameKey(db, options.key, options.keyLocation ?? 'the key given', effects);
  // each raw file by its name in the manifest (without raw.): a kind's records, a kind's earlier versions
  const rawFiles = new Map<string, { kind: Kind; listed: number; sha256?: string }>([...kindRows].map(([kind, listed]) => [kind, { kind, listed, sha256: digests.get(kind) }]));
  for (const [kind, listed] of historyRows) rawFiles.set(historyName(kind), { kind, listed, sha256: digests.get(historyName(kind)) });
  const kinds = KINDS.filter((kind) => kindRows.has(kind));
  const results: (ItemResult & Counted)[] = [];
  // the raw files are checked and read in the import's own copy only (private-copy.ts)
  const copy = privateFolder(db.path);
  try {
    await verifyExport(db, options.dir, rawFiles, copy);
    await checkValues(db, { dir: options.dir, copy }, rawFiles, options.key);
    if (options.replaces !== undefined) {
      const staged = kinds.includes('participations') ? stagedTable('participations') : undefined;
      const at = typeof manifest.exportedAt === 'string' && !Number.isNaN(Date.parse(manifest.exportedAt)) ? new Date(manifest.exportedAt).toISOString() : undefined;
      await replaceInstance(db, options.replaces, { instance: typeof manifest.instance === 'string' ? manifest.instance : undefined, exportedAt: at, staged }, options.dir, effects);
    }
    const source = await exportSource(db, options.dir, manifest);
    if (source && kinds.includes('participations')) await warnSharedJobcenters(db, source, effects);
    for (const kind of kinds) results.push(await importKindFile(db, kind, { dir: options.dir, copy }, historyRows.has(kind), source, options.replaces !== undefined));
  } finally {
    for (const name of rawFiles.keys()) {
      await db.run(`DROP TABLE IF EXISTS ${stagedTable(name)}`);
      await dropStagedSource(db, name);
    }
    removePrivateFolder(copy);
  }
  for (const r of results) {
    const held = r.reinstated ? `; another instance or file holds ${r.reinstated} of them, whose version counts again` : '';
    const retired = r.retired ? `, ${rowCount(r.retired)} of this instance's earlier export no longer in it (retired${held})` : '';
    const older = r.olderKept ? `, ${rowCount(r.olderKept)} older than the version another instance delivered (kept, not counted)` : '';
    const versions = r.history ? ` (and ${r.history} earlier version${r.history === 1 ? '' : 's'} of corrected records, kept: the first dates a delivery)` : '';
    effects.out(`${r.name}: ${r.status === 'success' ? `${rowCount(r.rows ?? 0)} loaded${versions}${older}${retired}` : `${r.error ?? r.status}${retired}`}`);
  }
  return results.map(({ retired: _, reinstated: __, olderKept: ___, history: ____, ...r }) => r);
}

/** The exporting instance and the export's time, when the manifest names them (exports since 2026-12-03). */
interface ExportSource {
  readonly instance: string;
  readonly exportedAt: string;
  /** The data cut-off the manifest declares, when it is a date (exports-behind.ts compares it with a build's). */
  readonly asOf: string | null;
}

/**
 * Refuses an export older than the one of the same instance already loaded: loaded after
 * it, it would bring back records the Jobcenter has since corrected or erased.
 */
async function exportSource(db: Db, dir: string, manifest: Manifest): Promise<ExportSource | undefined> {
  const { instance, exportedAt } = manifest;
  if (typeof instance !== 'string' || typeof exportedAt !== 'string') return undefined;
  const at = new Date(exportedAt);
  if (Number.isNaN(at.getTime())) {
    throw new IngestError(`The export in ${dir} has a manifest whose exportedAt is not a time ('${exportedAt.slice(0, 40)}'). Nothing of it was loaded.`, dir, undefined, undefined, 'Export again at the Jobcenter, then ingest that folder.');
  }
  const asOf = typeof manifest.asOf === 'string' && isIsoDay(manifest.asOf) ? manifest.asOf : null;
  const source = { instance, exportedAt: at.toISOString(), asOf };
  const latest = await db.json<{ at: string | null }>('SELECT max(exported_at) AS at FROM meta.export_files WHERE instance_id = $instance', { instance });
  const loaded = latest[0]?.at;
  if (loaded && source.exportedAt < loaded) {
    throw new IngestError(
      `The export in ${dir} (written ${source.exportedAt}) is older than the export of this instance already loaded (written ${loaded}). Nothing of it was loaded.`,
      dir,
      undefined,
      undefined,
      'Ingest the latest export of that Jobcenter instance: an earlier one would bring back records it has corrected or erased since.',
    );
  }
  return source;
}

/**
 * A Jobcenter whose participations another instance's export already brought (a Jobcenter
 * that moved to a new instance, two instances fed the same files): records both hold are
 * taken from the export loaded last, silently; in a trial the order of two such exports
 * moved the state's 2025 dropout rate of that Jobcenter between 20.8 % and 22.1 %.
 */
async function warnSharedJobcenters(db: Db, source: ExportSource, effects: Effects): Promise<void> {
  const shared = await db.json<{ jobcenter_id: string; exports: string }>(
    `SELECT p.jobcenter_id, string_agg(DISTINCT split_part(f.name, '/', 1), ', ' ORDER BY split_part(f.name, '/', 1)) AS exports
     FROM raw.participations p JOIN meta.export_files e ON e.file_id = p._file_id JOIN meta.files f ON f.file_id = p._file_id
     WHERE p._current AND e.instance_id <> $instance
       AND p.jobcenter_id IN (SELECT jobcenter_id FROM ${stagedTable('participations')} WHERE NOT _blank AND _errs IS NULL)
     GROUP BY p.jobcenter_id ORDER BY p.jobcenter_id`,
    { instance: source.instance },
  );
  for (const s of shared) {
    effects.warn(
      `Jobcenter ${s.jobcenter_id} is also in the export of another instance loaded here (${s.exports}): where both hold a record, the export loaded last wins, and records only the other holds still count. Each Jobcenter should come from one instance; if its database moved (a new instance), ingest this export again with --replaces <the other instance's id> so that the old instance's records leave.`,
    );
  }
}

function isIsoDay(value: string): boolean {
  try {
    return parseAsOf(value) === value;
  } catch {
    return false;
  }
}

/** How many problem lines a refusal shows: a bad column of 10^6 rows is one line, but many columns could be. */
const SHOWN_PROBLEMS = 12;

/**
 * Before anything loads: every row of every kind passes the checks an ingest makes
 * (import-values.ts). One bad row refuses the whole export: an export is one Jobcenter's
 * consistent state, and a crafted or damaged one is no source to take rows from. Read from the
 * import's copy (`copy`); the refusal names the export folder (`dir`).
 */
async function checkValues(db: Db, { dir, copy }: { dir: string; copy: string }, rawFiles: ReadonlyMap<string, { kind: Kind }>, key: Buffer): Promise<void> {
  const problems: string[] = [];
  for (const [name, { kind }] of rawFiles) {
    const file = rawFile(copy, name);
    problems.push(...(await stageAndCheck(db, kind, file, key, name)), ...(await stageSource(db, file, name)));
  }
  if (problems.length === 0) return;
  const more = problems.length > SHOWN_PROBLEMS ? `; … and ${problems.length - SHOWN_PROBLEMS} more` : '';
  throw new IngestError(
    `The export in ${dir} holds values an ingest refuses: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}. Nothing of it was loaded.`,
    dir,
    undefined,
    undefined,
    "The export was made by an older almp that loaded values a current one refuses (the Jobcenter's almp doctor names them: have those records corrected at the source and ingested again there), altered, or made by another program: export again at the Jobcenter with a current almp (almp export --format parquet), then ingest that folder.",
  );
}

/** What an import did besides loading: records retired, reinstated, kept as older, earlier versions stored. */
interface Counted {
  retired?: number;
  reinstated?: number;
  olderKept?: number;
  history?: number;
}

/** `dir`: the export folder, which names the file; `copy`: the import's copy of its raw files, which is read. */
/**
 * The instance's earlier records that its export `fileId` no longer holds (erased, dropped)
 * are not current any more; a key another source still holds counts in that version again.
 */
async function retireNotHeld(db: Db, kind: Kind, fileId: number, instance: string): Promise<{ retired: number; reinstated: number }> {
  const retired = (await db.connection.run(
    `UPDATE raw.${ident(kind)} SET _current = false, _superseded_by = $fileId
     WHERE _current AND _file_id <> $fileId AND _file_id IN (SELECT file_id FROM meta.export_files WHERE instance_id = $instance)`,
    { fileId, instance },
  )).rowsChanged;
  return { retired, reinstated: retired > 0 ? await reinstateHeldElsewhere(db, kind, fileId, instance) : 0 };
}

async function importKindFile(db: Db, kind: Kind, { dir, copy }: { dir: string; copy: string }, withHistory: boolean, source: ExportSource | undefined, replaced = false): Promise<ItemResult & Counted> {
  const file = rawFile(dir, kind);
  // the instance beside the folder's name: every Jobcenter may call its folder 'export', and
  // the checks' file column, mart.data_sources and the cut-off note then named three alike
  const label = source ? `${basename(dir)} [instance ${source.instance.slice(0, 8)}]` : basename(dir);
  const name = `${label}/${relative(dir, file)}`;
  const content = createHash('sha256').update(readFileSync(rawFile(copy, kind)));
  const hash = (withHistory ? content.update(readFileSync(rawFile(copy, historyName(kind)))) : content).digest('hex');
  // From a known instance the file is new unless it is that instance's latest of the kind
  // (an empty kind file of another instance has the same hash, and must still retire rows).
  const alreadyLoaded = source
    ? await db.scalar(
        `SELECT count(*) FROM (SELECT f.content_hash FROM meta.export_files e JOIN meta.files f USING (file_id)
                               WHERE e.instance_id = $instance AND f.kind = $kind ORDER BY f.file_id DESC LIMIT 1)
         WHERE content_hash = $hash`,
        { instance: source.instance, kind, hash },
      )
    : await db.scalar('SELECT count(*) FROM meta.files WHERE content_hash = $hash AND kind = $kind', { hash, kind });
  if (alreadyLoaded > 0) {
    // the same records in a newer export of the instance (exportSource refuses older ones):
    // they stand for its cut-off now, or the state kept calling the Jobcenter behind
    if (source) {
      const latest = await db.scalar(`SELECT max(e.file_id) FROM meta.export_files AS e JOIN meta.files AS f USING (file_id) WHERE e.instance_id = $instance AND f.kind = $kind`, { instance: source.instance, kind });
      await db.run('UPDATE meta.export_files SET exported_at = $exportedAt, as_of = $asOf::DATE WHERE file_id = $latest', { exportedAt: source.exportedAt, asOf: source.asOf, latest });
      // loaded again with --replaces: the old instance's records it does not hold leave now
      if (replaced) {
        const counted = await db.transaction(() => retireNotHeld(db, kind, latest, source.instance));
        if (counted.retired > 0) return { name, status: 'skipped', error: 'already loaded', ...counted };
      }
    }
    return { name, status: 'skipped', error: 'already loaded' };
  }
  const started = performance.now();
  const spec = KIND_SPECS[kind];
  // free text is not exported (export.ts): those columns are NULL in the checked rows
  const columns = spec.columns.map((c) => ident(c.name)).join(', ');
  const keyMatch = spec.key.map((k) => `r.${ident(k)} IS NOT DISTINCT FROM n.${ident(k)}`).join(' AND ');
  const rows = await db.transaction(async () => {
    const fileId = await db.scalar(`SELECT nextval('meta.file_id_seq')`);
    await db.run(
      `INSERT INTO raw.${ident(kind)} (${columns}, _file_id, _row, _current)
       SELECT ${columns}, $fileId, _row, true FROM ${stagedTable(kind)} WHERE NOT _blank AND _errs IS NULL`,
      { fileId },
    );
    // A record two instances both deliver (one provider's reports to two Jobcenters): the
    // version dated later counts, not the export loaded last — a stale copy in B's export
    // replaced the correction A had loaded, and the figures depended on the import order.
    // Within one instance its own newer export still decides (its last file won there).
    let olderKept = 0;
    const dated = spec.dateColumn !== undefined && !spec.key.includes(spec.dateColumn) ? ident(spec.dateColumn) : undefined;
    if (dated && source) {
      olderKept = (await db.connection.run(
        `UPDATE raw.${ident(kind)} AS n SET _current = false, _superseded_by = r._file_id
         FROM raw.${ident(kind)} AS r
         WHERE n._file_id = $fileId AND n._current AND r._current AND r._file_id <> $fileId AND ${keyMatch}
           AND r.${dated} > n.${dated}
           AND r._file_id NOT IN (SELECT file_id FROM meta.export_files WHERE instance_id = $instance)`,
        { fileId, instance: source.instance },
      )).rowsChanged;
    }
    await db.run(
      `UPDATE raw.${ident(kind)} AS r SET _current = false, _superseded_by = $fileId
       WHERE r._current AND r._file_id <> $fileId
         AND EXISTS (SELECT 1 FROM raw.${ident(kind)} n WHERE n._file_id = $fileId AND n._current AND ${keyMatch})`,
      { fileId },
    );
    let retired = 0;
    let reinstated = 0;
    if (source) {
      ({ retired, reinstated } = await retireNotHeld(db, kind, fileId, source.instance));
      await db.run('INSERT INTO meta.export_files (file_id, instance_id, exported_at, as_of) VALUES ($fileId, $instance, $exportedAt, $asOf::DATE)', { fileId, ...source });
    }
    const loaded = await db.scalar(`SELECT count(*) FROM raw.${ident(kind)} WHERE _file_id = $fileId`, { fileId });
    const history = withHistory ? await storeHistory(db, kind, stagedTable(historyName(kind)), fileId) : 0;
    await storeSource(db, kind, fileId, { history: false });
    if (withHistory) await storeSource(db, historyName(kind), fileId, { history: true });
    await db.run(
      `INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, dialect, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
       VALUES ($fileId, $kind, $name, $path, $hash, 'parquet', 'almp export', $read, $loaded, 0, $history, current_timestamp AT TIME ZONE 'UTC')`,
      { fileId, kind, name, path: file, hash, read: loaded + history, loaded, history },
    );
    return { loaded, retired, reinstated, olderKept, history };
  });
  return { name, status: 'success', rows: rows.loaded, retired: rows.retired, reinstated: rows.reinstated, olderKept: rows.olderKept, history: rows.history, ms: performance.now() - started };
}
