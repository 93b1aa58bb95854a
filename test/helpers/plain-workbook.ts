/**
 * A workbook as a reader sees its values: almp's row workbooks (query, check --show,
 * rejects) write text inline, which exceljs reads back as rich text of one run; here each
 * such cell's value is its plain text again, so tests compare strings.
 */
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';

const unzipper = createRequire(import.meta.url)('unzipper') as { Open: { buffer(b: Buffer): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> } };

export async function loadPlainWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (v !== null && typeof v === 'object' && 'richText' in v) cell.value = v.richText.map((r) => r.text).join('');
      }),
    ),
  );
  return wb;
}

/** The workbook's parts: whether text went into a shared-strings table or inline. */
export async function textParts(bytes: Uint8Array): Promise<{ sharedStrings: boolean; inlineCells: number }> {
  const { files } = await unzipper.Open.buffer(Buffer.from(bytes));
  const sheets = await Promise.all(files.filter((f) => f.path.startsWith('xl/worksheets/sheet')).map(async (f) => (await f.buffer()).toString('utf8')));
  return { sharedStrings: files.some((f) => f.path === 'xl/sharedStrings.xml'), inlineCells: sheets.join('').split('t="inlineStr"').length - 1 };
}
