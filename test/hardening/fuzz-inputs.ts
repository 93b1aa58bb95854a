/**
 * Mutated inputs for the fuzz test: every file is hostile or broken in one way. Seeded, so
 * a failure reproduces. Sizes stay small enough for the whole set to run in seconds.
 */
import ExcelJS from 'exceljs';
import seedrandom from 'seedrandom';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceZipEntry } from '../helpers/zip-entry.ts';

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
