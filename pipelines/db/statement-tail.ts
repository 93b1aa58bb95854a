/**
 * A statement's text without its closing ';' and the comments after it ('SELECT …; -- Stand
 * Q3'), found in one pass over the text that steps over what DuckDB reads as one token:
 * strings ('…', E'…' with backslash escapes, $tag$…$tag$), quoted names and comments
 * (block comments nest). A regular expression for it took exponential time over a run of
 * block comments (28 `/* … *\/` lines: 36 s before a query ran).
 */
export function withoutClosingSemicolon(sql: string): string | undefined {
  let cut: number | undefined; // the last ';' outside strings and comments
  let afterCut = false; // something other than space or a comment follows it
  for (let i = 0; i < sql.length; ) {
    const token = skipToken(sql, i);
    if (token === undefined) return undefined; // an open string or comment
    if (token > i) {
      if (!isComment(sql, i)) afterCut = true;
      i = token;
      continue;
    }
    const c = sql[i]!;
    if (c === ';') {
      cut = i;
      afterCut = false;
    } else if (!/\s/.test(c)) afterCut = true;
    i++;
  }
  return cut !== undefined && !afterCut ? sql.slice(0, cut) : undefined;
}

const isComment = (sql: string, i: number) => sql.startsWith('--', i) || sql.startsWith('/*', i);

/** The end of the string, quoted name or comment starting at `i`; `i` when none starts there; undefined when it does not end. */
function skipToken(sql: string, i: number): number | undefined {
  const c = sql[i]!;
  if (c === "'" || c === '"') {
    // an escape string reads backslashes; a doubled quote is a closing and an opening
    const escapes = c === "'" && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !/[\w$]/.test(sql[i - 2] ?? '');
    for (let j = i + 1; j < sql.length; j++) {
      if (escapes && sql[j] === '\\') j++;
      else if (sql[j] === c) return j + 1;
    }
    return undefined;
  }
  if (sql.startsWith('--', i)) {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (sql.startsWith('/*', i)) {
    let depth = 0;
    for (let j = i; j < sql.length - 1; j++) {
      if (sql.startsWith('/*', j)) {
        depth++;
        j++;
      } else if (sql.startsWith('*/', j)) {
        depth--;
        j++;
        if (depth === 0) return j + 1;
      }
    }
    return undefined;
  }
  if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
    const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i, i + 64))?.[0];
    if (!tag || /^\$\d/.test(tag)) return i; // $1 is a parameter
    const end = sql.indexOf(tag, i + tag.length);
    return end < 0 ? undefined : end + tag.length;
  }
  return i;
}
