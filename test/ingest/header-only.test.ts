/**
 * A CSV of its header alone, without a line end after it (a header-only export, or a file
 * cut off right after its header): it read its header as a data row, 'row 2' (a line the
 * file does not have) rejected as 'referral_date 'referral_date': not a date', and said
 * 'Every row was rejected: fix the rows'.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sniffCsv } from '../../pipelines/ingest/dialect.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const HEADER = 'participant_id;jobcenter_id;measure_id;referral_date';

describe('a CSV that ends with its header', () => {
  it.each([
    ['no line end', HEADER],
    ['a line end', `${HEADER}\n`],
    ['a CR alone', `${HEADER}\r`],
    ['a title row above, no line end', `Teilnahmen\n${HEADER}`],
  ])('with %s reads no rows and rejects none', async (_, text) => {
    const path = join(store.dir, 'kopf.csv');
    writeFileSync(path, text);
    expect(sniffCsv('participations', Buffer.from(text), true)?.skipLines).toBe(text.split(/\r|\n/).filter(Boolean).length);
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, firstReasons: [] });
  });
});
