/** The terminal lines of `almp rotate-key`: the plan, the comparison, what to do next. Never a key, never a raw id. */
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import type { FileIngestResult } from '../ingest/file-result.ts';
import { count, files, rows } from '../counts.ts';
import { germanDay } from './status-print.ts';
import { maskParticipantIds } from '../ingest/value-shapes.ts';
import { kindDiffers, type KindComparison, type LeftOut } from './rotate-compare.ts';
import { shownName, type RotationPlan } from './rotate-plan.ts';

export interface RotationOutcome {
  /** Archived files loaded into the new database. */
  readonly loaded: number;
  readonly failed: readonly FileIngestResult[];
  readonly leftOut: readonly LeftOut[];
  readonly kinds: readonly KindComparison[];
  /** Indicator rows only in one of the two; undefined when not compared (martsNote says why). */
  readonly indicators: { onlyOld: number; onlyNew: number } | undefined;
  readonly martsNote: string | undefined;
  readonly built: boolean;
  readonly plan: RotationPlan;
  readonly equal: boolean;
}

const number = new Intl.NumberFormat('de-DE');
const records = (n: number): string => count(n, 'record');
const LOST = 'A rotation rebuilds only what the archive holds: with the new database these records are gone (the old database and its key are the only place left).';

export function printPlan(plan: RotationPlan & { archived: number }, where: { archive: string; newDb: string }, effects: Effects): void {
  const perKind = new Map<string, number>();
  for (const f of plan.load) perKind.set(f.kind, (perKind.get(f.kind) ?? 0) + 1);
  const kinds = [...perKind].map(([k, n]) => `${k} ${number.format(n)}`).join(', ');
  effects.out(`Archive ${where.archive}: ${files(plan.archived)}; ${files(plan.load.length)} to load into ${where.newDb}${kinds ? ` (${kinds})` : ''}, in the order the old database loaded them.`);
  const changed = new Map(plan.changed.map((c) => [c.old.fileId, c.path]));
  const gone = plan.missing.filter((f) => !changed.has(f.fileId));
  if (gone.length > 0) {
    const n = gone.reduce((sum, f) => sum + f.records, 0);
    effects.warn(`Not in the archive: ${files(gone.length)} whose ${records(n)} the old database holds (purged by age with almp purge, or loaded by hand with almp ingest from elsewhere):`);
    for (const f of gone.slice(0, 20)) effects.warn(`  ${f.name} (${f.kind}, ${records(f.records)}, loaded ${germanDay(f.loadedAt.slice(0, 10))})`);
    if (gone.length > 20) effects.warn(`  … and ${files(gone.length - 20)} more`);
  }
  for (const { path, old } of plan.changed) {
    effects.warn(
      `Changed since it was loaded: ${maskParticipantIds(path)} (${old.kind}) is not the content the old database loaded on ${germanDay(old.loadedAt.slice(0, 10))} (redacted or edited by hand, or damaged): its ${records(old.records)} are not loaded. Put the file as delivered back from a backup, or accept the loss.`,
    );
  }
  if (plan.missing.length > 0) effects.warn(`  ${LOST}`);
  if (plan.unknown.length > 0) {
    effects.out(`Left out: ${count(plan.unknown.length, 'archived file')} whose content the old database never loaded (${plan.unknown.slice(0, 5).map(shownName).join(', ')}${plan.unknown.length > 5 ? ', …' : ''}).`);
  }
}

export function printComparison(outcome: RotationOutcome, effects: Effects): void {
  effects.out('Records per kind (every version / in force):  old database  →  new database');
  for (const c of outcome.kinds) {
    const side = (all: number, current: number) => `${number.format(all)} / ${number.format(current)}`;
    effects.out(`  ${c.kind.padEnd(17)} ${side(c.oldRecords, c.oldCurrent).padStart(20)}  →  ${side(c.newRecords, c.newCurrent).padEnd(20)} ${kindDiffers(c) ? 'DIFFERENT' : 'equal'}`);
  }
  const people = outcome.kinds.find((c) => c.kind === 'participations');
  if (people) effects.out(`Persons with participations: ${number.format(people.oldPersons)} → ${number.format(people.newPersons)}, ${people.samePseudonym === 0 ? 'each under a new pseudonym' : 'SOME UNDER THEIR OLD PSEUDONYM'}.`);
  if (outcome.indicators) {
    const { onlyOld, onlyNew } = outcome.indicators;
    effects.out(onlyOld + onlyNew === 0 ? 'Indicators (mart.indicator_values, same as-of): all equal.' : `Indicators: ${rows(onlyOld)} of the old database not in the new one, ${rows(onlyNew)} of the new not in the old: DIFFERENT.`);
  } else {
    effects.out(`Indicators not compared: ${outcome.martsNote ?? 'no models built'}.`);
  }
  printErased(outcome.leftOut, effects);
  printDifferences(outcome, effects);
  effects.out(
    outcome.equal
      ? 'The new database holds every record of the old one, under new pseudonyms.'
      : 'The new database is not the old one under a new key (differences above). Keep the old one in service until each difference is settled or accepted; the new files stay for that.',
  );
  // the new database is a copy of the old one at this moment, and does not follow it
  effects.warn(
    outcome.equal
      ? 'Switch now, with the scheduler still stopped: a file the old database loads, or a person erased in it with almp forget, after this rotation does not reach the new one.'
      : 'While the old one stays in service, a file it loads and a person erased in it with almp forget do not reach the new database: if either happened, delete the new database and rotate again before switching (or load the file into the new one by hand, and forget the person there too).',
  );
}

function printErased(leftOut: readonly LeftOut[], effects: Effects): void {
  const erased = leftOut.filter((l) => l.linedUp);
  if (erased.length > 0) {
    const total = erased.reduce((n, l) => n + l.records, 0);
    effects.warn(`Left out ${records(total)} of persons no longer in the old database (erased with almp forget); the archive still holds them — delete or redact these files:`);
    for (const l of erased) effects.warn(`  ${l.path} (${l.kind}, ${records(l.records)})`);
  }
  for (const l of leftOut.filter((x) => !x.linedUp)) {
    effects.warn(`${l.path} (${l.kind}): ${records(l.records)} do not line up with the old database's rows of the file (this version read it differently): left out, as they may be erased persons'.`);
  }
}

function printDifferences(outcome: RotationOutcome, effects: Effects): void {
  const archived = new Set(outcome.plan.load.map((f) => f.contentHash));
  const changed = new Set(outcome.plan.changed.map((c) => c.old.contentHash));
  for (const f of outcome.failed) effects.warn(`Not loaded now: ${f.name}: ${f.error ?? 'failed'}`);
  if (!outcome.built) effects.warn('The models of the new database did not build (see above); run almp run on it once the cause is fixed.');
  for (const c of outcome.kinds) {
    for (const m of c.missingByFile) {
      effects.warn(
        archived.has(m.contentHash)
          ? `${c.kind}: ${records(m.records)} of ${m.name} are in the old database but did not load now (this version of almp rejects them or reads the file differently).`
          : `${c.kind}: ${records(m.records)} of ${m.name} are missing: ${changed.has(m.contentHash) ? 'the archived file was changed since it was loaded' : 'the file is not in the archive'}. ${LOST}`,
      );
    }
    if (c.valuesDiffer > 0) effects.warn(`${c.kind}: ${records(c.valuesDiffer)} hold other values than in the old database.`);
    if (c.currentDiffers > 0) effects.warn(`${c.kind}: ${records(c.currentDiffers)} are in force in one database and replaced in the other.`);
    if (c.samePseudonym > 0) effects.warn(`${c.kind}: ${records(c.samePseudonym)} carry the same pseudonym as before: the old key is still in use.`);
    if (c.oldPersons !== c.newPersons || c.personPairs !== c.oldPersons) {
      effects.warn(`${c.kind}: persons do not map one to one (old ${number.format(c.oldPersons)}, new ${number.format(c.newPersons)}, pairs ${number.format(c.personPairs)}).`);
    }
  }
}

export function printNextSteps(
  config: Config,
  where: { newDb: string; newKeyFile: string; snapshots: string; moves?: readonly { from: string; to: string }[] },
  outcome: RotationOutcome,
  effects: Effects,
): void {
  const oldKey = config.pseudonymKey ? 'the old key (in ALMP_PSEUDONYM_KEY: remove it from the service and your shell)' : `the old key file ${config.keyFile}`;
  effects.out(outcome.equal ? 'Next:' : 'Next, once the differences are settled:');
  const moves = where.moves ?? [];
  const move = moves.length === 0 ? '' : ` Before that move what the scheduler keeps beside the database (no schedule file names it): ${moves.map((m) => `${m.from} → ${m.to}`).join(', ')}; or name these in the schedule file.`;
  effects.out(`  1. Point the service at the new database and key — ALMP_DB=${where.newDb} ALMP_KEY_FILE=${where.newKeyFile} (systemd: Environment= of the unit) — and start it; almp doctor checks both.${move}`);
  effects.out(`  2. Delete what the old key opens: ${oldKey}, the old database ${config.dbPath} and ${config.dbPath}.wal, its snapshots in ${where.snapshots}, any ${config.dbPath}.before-restore… copies, and every export made from it; backups of them by your backup rules.`);
  effects.out('  3. With a state-wide key, every Jobcenter instance and the state rotate together: each instance exports again, and the state builds a new database from the new exports.');
}
