/**
 * Whether this process holds the database open for writing (a build, an ingest). Its own
 * module, without DuckDB: the command line's broken-pipe handler asks it, and the command
 * line loads a verb's modules only when that verb runs (`almp --help` in 0.5 s, not 3 s).
 */
let writing = 0;

export function isWriting(): boolean {
  return writing > 0;
}

export function startWriting(): void {
  writing++;
}

export function stopWriting(): void {
  writing--;
}
