/**
 * What Ctrl-C (SIGINT) or SIGTERM must undo before a one-shot command ends, and what it
 * leaves in the database. Without it an interrupted `almp run` ended silently (exit 130):
 * the progress bar's hidden cursor and line wrap stayed off, `<db>.lock` stayed behind, and
 * models committed before the snapshot and outputs were written went unmentioned.
 *
 * A passive registry, like commands/writing.ts: bars and locks add their undo step while
 * they exist, verbs say at their commit points what an interruption would leave; only the
 * command line's signal handler (ops/exit-on-signal.ts) reads it. No DuckDB here: a signal
 * handler must do nothing that waits.
 */
type Cleanup = () => void;

const cleanups: Cleanup[] = [];
let note: string | undefined;

/** Adds a synchronous undo step (stop a bar, release a lock); returns its removal, for when the step is no longer needed. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.lastIndexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

/** Runs the undo steps, the latest first; one that throws does not keep the others from running. */
export function runInterruptCleanups(): void {
  while (cleanups.length > 0) {
    try {
      cleanups.pop()!();
    } catch {
      // the process is ending: the next step matters more than this one's error
    }
  }
}

let held = false;

/** What the database and outputs hold if the command is interrupted from now on, and what to do (one sentence). */
export function ifInterrupted(line: string | undefined): void {
  if (!held) note = line;
}

/**
 * The note of a verb that calls others (rotate-key loads files with ingest's verb): theirs
 * ("run the command again") would be wrong for it. Returns the release.
 */
export function holdInterruptNote(line: string): () => void {
  note = line;
  held = true;
  return () => {
    held = false;
  };
}

export function interruptedNote(): string | undefined {
  return note;
}
