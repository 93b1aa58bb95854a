/**
 * Rewriting one part of a zip (an XLSX) byte for byte, for files no library here writes:
 * a hostile part, or a part as another producer (openpyxl) writes it.
 */
import { createRequire } from 'node:module';
import { crc32, deflateRawSync } from 'node:zlib';

const unzipper = createRequire(import.meta.url)('unzipper') as { Open: { buffer(b: Buffer): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> } };

/** Rebuilds a zip with one entry's text edited (the entry read as UTF-8, `edit` given it whole). */
export async function editZipEntry(zip: Buffer, name: string, edit: (text: string) => string): Promise<Buffer> {
  const { files } = await unzipper.Open.buffer(zip);
  const entry = files.find((f) => f.path === name);
  if (!entry) throw new Error(`zip entry ${name} not found`);
  return replaceZipEntry(zip, name, Buffer.from(edit((await entry.buffer()).toString('utf8'))));
}

/** Rebuilds a zip with one entry's content replaced (deflated), keeping the rest verbatim. */
export function replaceZipEntry(zip: Buffer, name: string, content: Buffer): Buffer {
  const entries: { name: Buffer; method: number; crc: number; compressed: Buffer; size: number }[] = [];
  let offset = 0;
  while (zip.readUInt32LE(offset) === 0x04034b50) {
    const method = zip.readUInt16LE(offset + 8);
    const crc = zip.readUInt32LE(offset + 14);
    let compSize = zip.readUInt32LE(offset + 18);
    const size = zip.readUInt32LE(offset + 22);
    const nameLen = zip.readUInt16LE(offset + 26);
    const extraLen = zip.readUInt16LE(offset + 28);
    const flags = zip.readUInt16LE(offset + 6);
    const fileName = zip.subarray(offset + 30, offset + 30 + nameLen);
    const dataStart = offset + 30 + nameLen + extraLen;
    if (flags & 0x08) {
      // Sizes follow the data in a descriptor: take them from the central directory instead.
      const central = findCentral(zip, fileName);
      compSize = central.compSize;
      entries.push({ name: fileName, method, crc: central.crc, compressed: zip.subarray(dataStart, dataStart + compSize), size: central.size });
      offset = dataStart + compSize;
      if (zip.readUInt32LE(offset) === 0x08074b50) offset += 16;
      else offset += 12;
      continue;
    }
    entries.push({ name: fileName, method, crc, compressed: zip.subarray(dataStart, dataStart + compSize), size });
    offset = dataStart + compSize;
  }
  const target = entries.find((e) => e.name.toString() === name);
  if (target) {
    target.method = 8;
    target.compressed = deflateRawSync(content, { level: 9 });
    target.size = content.length;
    target.crc = crc32(content);
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let pos = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    locals.push(local, e.name, e.compressed);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(e.compressed.length, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt32LE(pos, 42);
    centrals.push(c, e.name);
    pos += 30 + e.name.length + e.compressed.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(pos, 16);
  return Buffer.concat([...locals, central, end]);
}

function findCentral(zip: Buffer, name: Buffer): { crc: number; compSize: number; size: number } {
  for (let i = zip.length - 46; i >= 0; i--) {
    if (zip.readUInt32LE(i) !== 0x02014b50) continue;
    const nameLen = zip.readUInt16LE(i + 28);
    if (zip.subarray(i + 46, i + 46 + nameLen).equals(name)) {
      return { crc: zip.readUInt32LE(i + 16), compSize: zip.readUInt32LE(i + 20), size: zip.readUInt32LE(i + 24) };
    }
  }
  throw new Error(`zip entry ${name.toString()} not in central directory`);
}
