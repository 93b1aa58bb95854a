/**
 * A statement's text without its closing ';' and the comments after it ('SELECT …; -- Stand
 * Q3'), found in one pass over the text that steps over strings, quoted names and comments:
 * a regular expression for it took exponential time over a run of block comments (28
 * `/* … *\/` lines: 36 s before a query ran).
 */
export function withoutClosingSemicolon(sql: string): string | undefined {
  let cut: number | undefined; // the last ';' outside strings and comments
  let afterCut = false; // something other than space or a comment follows it
  for (let i = 0; i < sql.length; ) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      i = sql.indexOf(c, i + 1);
      // a doubled quote inside is two closings and an opening: the scan goes on from here
      if (i < 0) return undefined;
      i++;
      afterCut = true;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else {
      if (c === ';') {
        cut = i;
        afterCut = false;
      } else if (!/\s/.test(c)) afterCut = true;
      i++;
    }
  }
  return cut !== undefined && !afterCut ? sql.slice(0, cut) : undefined;
}
