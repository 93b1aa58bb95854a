/**
 * Mutated inputs for the fuzz test: every file is hostile or broken in one way. Seeded, so
 * a failure reproduces. Sizes stay small enough for the whole set to run in seconds.
 */
import ExcelJS from 'exceljs';
import seedrandom from 'seedrandom';
import { crc32, deflateRawSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HEADER = 'participant_id;jobcenter_id;measure_id;referral_date;entry_date;exit_date;exit_reason;gender';
const ROWS = [
  '123A456789;06411;M-001;03.01.2025;10.01.2025;20.03.2025;01;w',
  '234B567890;06411;M-001;05.01.2025;;;;m',
  '345C678901;06412;M-002;2025-02-01;2025-02-03;2025-02-10;06;d',
];
export const SEED_CSV = [HEADER, ...ROWS].join('\n') + '\n';

export interface FuzzFile {
  readonly path: string;
  readonly what: string;
}

/** Writes the mutated files into `dir` and returns them. */
export async function writeFuzzFiles(dir: string, count: number, seed = 'almp-fuzz'): Promise<FuzzFile[]> {
  const rng = seedrandom(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const files: FuzzFile[] = [];
  const add = (name: string, data: string | Buffer, what: string) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    files.push({ path, what });
  };
  const base = Buffer.from(SEED_CSV, 'utf8');
  const workbook = await seedWorkbook();
  const json = Buffer.from(JSON.stringify(ROWS.map((row) => Object.fromEntries(HEADER.split(';').map((name, k) => [name, row.split(';')[k]])))));
  // the same every time (no random part): made once, written as often as the cycle asks
  const bomb = await xlsxBomb();
  const wide = `${Array.from({ length: 1_000_000 }, (_, k) => `c${k}`).join(';')}\n`;
  const flipped = (bytes: Buffer) => {
    const b = Buffer.from(bytes);
    for (let k = 0; k < 1 + int(16); k++) b[int(b.length)] = int(256);
    return b;
  };
  for (let i = 0; files.length < count; i++) {
    switch (i % 15) {
      case 0: add(`trunc-${i}.csv`, base.subarray(0, int(base.length)), 'truncated at a random byte'); break;
      case 1: {
        const b = Buffer.from(base);
        for (let k = 0; k < 1 + int(8); k++) b[int(b.length)] = int(256);
        add(`flip-${i}.csv`, b, 'random bytes flipped');
        break;
      }
      case 2: add(`random-${i}.csv`, Buffer.from(Array.from({ length: 200 + int(4000) }, () => int(256))), 'random bytes with .csv name'); break;
      case 3: add(`utf16-${i}.csv`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED_CSV, 'utf16le')]), 'UTF-16 with BOM'); break;
      case 4: add(`hugefield-${i}.csv`, `${HEADER}\n123A456789;06411;M-001;03.01.2025;;;;w${'x'.repeat(200_000 + int(200_000))}\n${ROWS[0]}\n`, 'one huge field'); break;
      case 5: add(`hugeline-${i}.csv`, `${HEADER}\n${'1;'.repeat(150_000)}\n${ROWS[1]}\n`, 'one huge line with many separators'); break;
      case 6: add(`nested-${i}.json`, `${'['.repeat(5000 + int(5000))}${']'.repeat(5000)}`, 'deeply nested JSON'); break;
      case 7: add(`wide-${i}.csv`, wide, '10^6 columns'); break;
      case 8: add(`quotes-${i}.csv`, `${HEADER}\n"${ROWS[0]}\n${ROWS[1]}\n`, 'unterminated quote'); break;
      case 9: add(`ndjson-${i}.ndjson`, `{"participant_id":"1","measure_id":"M","jobcenter_id":"J","referral_date":"2025-01-01"}\n{"broken":\n[1,2\n"x"\n`, 'broken NDJSON lines'); break;
      case 10: add(`bom-only-${i}.csv`, Buffer.from([0xef, 0xbb, 0xbf]), 'BOM only'); break;
      case 11: add(`zipbomb-${i}.xlsx`, bomb, 'XLSX declaring an enormous sheet (zip bomb)'); break;
      case 12: add(`trunc-${i}.xlsx`, workbook.subarray(0, int(workbook.length)), 'XLSX truncated at a random byte'); break;
      case 13: add(`flip-${i}.xlsx`, flipped(workbook), 'XLSX with random bytes flipped'); break;
      case 14: add(`flip-${i}.json`, i % 2 ? flipped(json) : json.subarray(0, int(json.length)), 'JSON truncated or with bytes flipped'); break;
    }
  }
  return files;
}

/** The seed rows as a workbook, for truncating and flipping. */
async function seedWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Daten');
  for (const line of [HEADER, ...ROWS]) sheet.addRow(line.split(';'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A valid workbook whose sheet XML is replaced by a highly compressible body that inflates
 * to ~100 MB: reading it naively would exhaust memory.
 */
async function xlsxBomb(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Daten').addRow(['participant_id', 'measure_id']);
  const valid = Buffer.from(await wb.xlsx.writeBuffer());
  const row = '<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>';
  const body = Buffer.from(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>${row.repeat(1_500_000)}</sheetData></worksheet>`);
  return replaceZipEntry(valid, 'xl/worksheets/sheet1.xml', body);
}

/** Rebuilds a zip with one entry's content replaced (deflated), keeping the rest verbatim. */
function replaceZipEntry(zip: Buffer, name: string, content: Buffer): Buffer {
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
