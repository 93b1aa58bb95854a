/** A byte transform's output for `bytes` written in chunks of `size`: where a chunk ends must not matter. */
import type { Transform } from 'node:stream';

export async function throughChunks(transform: Transform, bytes: Buffer, size: number): Promise<string> {
  const out: Buffer[] = [];
  transform.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => transform.on('end', resolve));
  for (let i = 0; i < bytes.length; i += size) transform.write(bytes.subarray(i, i + size));
  transform.end();
  await done;
  return Buffer.concat(out).toString('utf8');
}
