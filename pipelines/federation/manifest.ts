/** The manifest that travels with an export, so an importer can check what it reads. */
import { createHmac } from 'node:crypto';

export const MANIFEST_FILE = 'almp-export.json';

export interface Manifest {
  format: 'parquet' | 'arrow';
  createdBy: 'almp-monitor';
  /** HMAC of a fixed label under the pseudonym key: equal fingerprints ⇒ pseudonyms link up. */
  keyFingerprint: string;
  asOf: string | null;
  tables: { name: string; rows: number; path: string }[];
}

export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('almp-monitor key fingerprint v1').digest('hex').slice(0, 16);
}
