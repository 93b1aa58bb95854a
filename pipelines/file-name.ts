/**
 * An id from an input file as part of a file name: letters, digits, '-' and '_' kept. An id
 * that needed changing gets a short hash of itself, so two ids never share a file: Jobcenters
 * 'a/b' and 'a?b' both became 'a_b', and the second workbook silently replaced the first.
 */
import { createHash } from 'node:crypto';

export function fileNamePart(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || '_';
  return safe === id ? safe : `${safe}-${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 8)}`;
}
