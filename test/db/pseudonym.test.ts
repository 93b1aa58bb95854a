import { DuckDBBlobValue } from '@duckdb/node-api';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { hmacParams, keyFileTooOpen, loadKey, pseudonymSql, pseudonymise } from '../../pipelines/ingest/pseudonym.ts';

describe('pseudonyms', () => {
  it('the SQL HMAC equals HMAC-SHA-256 over the trimmed, upper-cased id for short and long keys', async () => {
    const db = await Db.open(':memory:');
    for (const key of [Buffer.from('k'.repeat(20)), Buffer.from('x'.repeat(64)), Buffer.from('long'.repeat(40))]) {
      const { ipad, opad } = hmacParams(key);
      const rows = await db.all<{ p: string | null }>(`SELECT ${pseudonymSql('id')} AS p FROM (VALUES (' 123a456789 '), ('Müller-7'), ('')) t(id)`, {
        ipad: new DuckDBBlobValue(ipad),
        opad: new DuckDBBlobValue(opad),
      });
      const expected = (id: string) => createHmac('sha256', key).update(id, 'utf8').digest('hex');
      expect(rows.map((r) => r.p)).toEqual([expected('123A456789'), expected('MÜLLER-7'), null]);
      expect(pseudonymise(' 123a456789 ', key)).toBe(expected('123A456789'));
    }
    db.close();
  });

  it('creates the key file once with owner-only permissions and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-key-'));
    try {
      const keyFile = join(dir, 'sub', 'almp.key');
      const first = loadKey({ keyFile });
      expect(first.source).toBe('created');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(keyFileTooOpen(keyFile)).toBe(false);
      chmodSync(keyFile, 0o644);
      expect(keyFileTooOpen(keyFile)).toBe(true);
      // Windows has no mode bits (every file reads as 0666): doctor would always cry wolf
      expect(keyFileTooOpen(keyFile, 'win32')).toBe(false);
      chmodSync(keyFile, 0o600);
      const second = loadKey({ keyFile });
      expect(second.source).toBe('file');
      expect(second.key.equals(first.key)).toBe(true);
      expect(loadKey({ keyFile, pseudonymKey: 'an-environment-key-123' }).source).toBe('env');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
