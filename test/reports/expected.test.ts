import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { EXPECTED_DIR, regenerateExpected } from '../../reports/regenerate-expected.ts';

describe('data-samples/expected', () => {
  const out = mkdtempSync(join(tmpdir(), 'almp-expected-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('the committed reference returns are byte-identical to a regeneration from the samples', async () => {
    const results = await regenerateExpected(quietEffects(), out);
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    const committed = readdirSync(join(EXPECTED_DIR, 'returns')).sort();
    expect(readdirSync(join(out, 'returns')).sort()).toEqual(committed);
    for (const name of committed) {
      const same = readFileSync(join(out, 'returns', name)).equals(readFileSync(join(EXPECTED_DIR, 'returns', name)));
      expect(same, `${name} differs: run npx tsx reports/regenerate-expected.ts and commit`).toBe(true);
    }
  }, 60_000);
});
