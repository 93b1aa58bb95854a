/**
 * The closing ';' and the comments after it, cut off so that a statement stands in a
 * subquery (`almp query` counts and streams it there). A regular expression for it took
 * exponential time over a run of block comments: 28 of them held a query for 36 s.
 */
import { describe, expect, it } from 'vitest';
import { withoutClosingSemicolon } from '../../pipelines/db/statement-tail.ts';

describe('withoutClosingSemicolon', () => {
  it('cuts the closing semicolon with the comments and space after it', () => {
    expect(withoutClosingSemicolon('SELECT 1 AS a; -- Stand Q3')).toBe('SELECT 1 AS a');
    expect(withoutClosingSemicolon("SELECT '--;' AS x;\n-- Ende\n/* Spalte 1 */\n")).toBe("SELECT '--;' AS x");
    expect(withoutClosingSemicolon('SELECT 1 AS "a;b" /* x; */ ; ')).toBe('SELECT 1 AS "a;b" /* x; */ ');
  });

  it('leaves a statement without one, or with text after it, or with an open string or comment', () => {
    expect(withoutClosingSemicolon('SELECT 1')).toBeUndefined();
    expect(withoutClosingSemicolon("SELECT 'a; -- b'")).toBeUndefined();
    expect(withoutClosingSemicolon('SELECT 1; SELECT 2')).toBeUndefined();
    expect(withoutClosingSemicolon("SELECT 'open; -- x")).toBeUndefined();
    expect(withoutClosingSemicolon('SELECT 1; /* open')).toBeUndefined();
    expect(withoutClosingSemicolon("SELECT 'it''s'; -- doubled quote")).toBe("SELECT 'it''s'");
  });

  it("steps over what DuckDB reads as one token: E'…' with backslash escapes, $$…$$, nested block comments (review)", () => {
    expect(withoutClosingSemicolon("SELECT E'it\\'s; x' AS a; -- Ende")).toBe("SELECT E'it\\'s; x' AS a");
    expect(withoutClosingSemicolon("SELECT $$it's; -- x$$ AS a, $t$b;$t$ AS b; -- Ende")).toBe("SELECT $$it's; -- x$$ AS a, $t$b;$t$ AS b");
    expect(withoutClosingSemicolon('SELECT 1 AS a; /* a /* b; */ c */')).toBe('SELECT 1 AS a');
    expect(withoutClosingSemicolon('SELECT $1::INT AS a; -- Parameter')).toBe('SELECT $1::INT AS a');
    expect(withoutClosingSemicolon('SELECT 1 AS a;\r\n-- Ende\r\n')).toBe('SELECT 1 AS a');
  });

  it('reads a long run of block comments in one pass', () => {
    const comments = Array.from({ length: 5000 }, (_, i) => `/* Spalte ${i} */`).join('\n');
    expect(withoutClosingSemicolon(`-- Abfrage;\n${comments}\nSELECT 1 AS a;\n${comments}`)).toBe(`-- Abfrage;\n${comments}\nSELECT 1 AS a`);
    expect(withoutClosingSemicolon(`-- Abfrage;\n${comments}\nSELECT 1 AS a`)).toBeUndefined();
  });
});
