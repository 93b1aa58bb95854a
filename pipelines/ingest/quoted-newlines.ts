/**
 * Whether a CSV file holds a line break inside a quoted field (multi-line free text, as
 * providers write it). DuckDB's parallel CSV reader refuses null_padding — which
 * csv-source.ts needs to tell short records — together with such a field, but only when one
 * of its chunk boundaries happens to fall inside one: a file of 653,207 generated final
 * reports failed at its line 444,637 and was read a second time (parse 8.7–10.5 s instead of
 * 6.0 s read serially; a file whose boundaries missed every such field took 4.4 s). Files
 * that hold one are therefore read serially from the start.
 * Every quote toggles the state: a doubled quote inside a field toggles twice.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Whether a line end lies at or after `from` and before `to`. */
function lineEndIn(buf: Buffer, from: number, to: number): boolean {
  const lf = buf.indexOf(LF, from);
  if (lf !== -1 && lf < to) return true;
  const cr = buf.indexOf(CR, from);
  return cr !== -1 && cr < to;
}

export function hasQuotedNewline(path: string): boolean {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let inQuote = false;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return false;
      let pos = 0;
      while (pos < n) {
        const found = buf.indexOf(QUOTE, pos);
        const quote = found === -1 || found >= n ? n : found;
        if (inQuote && lineEndIn(buf, pos, quote)) return true;
        if (quote === n) break;
        inQuote = !inQuote;
        pos = quote + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
}
