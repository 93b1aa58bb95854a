/** The manifest that travels with an export, so an importer can check what it reads. */

export const MANIFEST_FILE = 'almp-export.json';

export interface Manifest {
  format: 'parquet' | 'arrow';
  createdBy: 'almp-monitor';
  /** HMAC of a fixed label under the pseudonym key: equal fingerprints ⇒ pseudonyms link up. */
  keyFingerprint: string;
  asOf: string | null;
  tables: { name: string; rows: number; path: string }[];
}

export { keyFingerprint } from '../ingest/key-guard.ts';
