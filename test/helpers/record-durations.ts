/**
 * Writes durations.json from vitest's record of the last run in this folder
 * (node_modules/.vite/vitest/<hash>/results.json): each file's time, in seconds, for
 * slow-first.ts. Run it after a full `npm test` on an otherwise idle machine; files that did
 * not run keep their earlier time, files gone are left out.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DURATIONS_FILE, knownDurations } from './slow-first.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.vite/vitest/');

const durations = new Map(knownDurations());
for (const dir of readdirSync(CACHE)) {
  const { results } = JSON.parse(readFileSync(join(CACHE, dir, 'results.json'), 'utf8')) as { results: [string, { duration?: number }][] };
  // keyed '<project>:<path>'
  for (const [key, { duration }] of results) if (duration !== undefined) durations.set(key.slice(key.indexOf(':') + 1), Math.round(duration / 100) / 10);
}
const sorted = [...durations].filter(([file]) => existsSync(join(ROOT, file))).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
writeFileSync(DURATIONS_FILE, `{\n${sorted.map(([file, s]) => `  ${JSON.stringify(file)}: ${s}`).join(',\n')}\n}\n`);
console.log(`${sorted.length} files in ${fileURLToPath(DURATIONS_FILE)}`);
