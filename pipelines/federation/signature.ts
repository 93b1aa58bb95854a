/**
 * An export's manifest is signed with the pseudonym key, and lists a SHA-256 of every raw
 * file it holds. The key fingerprint alone is public: copied into another export's manifest
 * it made that export load, and a raw file rewritten on the way (exit reason 01 → 07, same
 * row count) loaded silently and moved a Jobcenter's dropout rate from 29 % to 84 %. Only
 * an instance holding the state-wide key — which any instance the state links must hold —
 * can write a manifest that checks out, and no raw file changes after it without notice.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Manifest } from './manifest.ts';

/** The SHA-256 of a file, read in chunks (a raw file of 10^7 participations is hundreds of MB). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** HMAC-SHA256 under the key over the manifest without its signature (as compact JSON: layout does not matter). */
function signatureOf(manifest: Manifest, key: Buffer): string {
  const { signature: _, ...signed } = manifest;
  return createHmac('sha256', key).update(`almp-monitor export manifest v1\n${JSON.stringify(signed)}`).digest('hex');
}

export function signManifest(manifest: Manifest, key: Buffer): Manifest {
  return { ...manifest, signature: signatureOf(manifest, key) };
}

/** Why the manifest cannot be trusted under this key, or undefined when its signature checks out. */
export function signatureProblem(manifest: Manifest, key: Buffer): string | undefined {
  if (typeof manifest.signature !== 'string') {
    return 'has an unsigned manifest (written by an almp before 2026-12-06, or its signature was removed)';
  }
  const expected = Buffer.from(signatureOf(manifest, key), 'hex');
  const given = Buffer.from(manifest.signature, 'hex');
  if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  return 'has a manifest that was changed after it was written, or was not signed with the key its fingerprint names';
}
