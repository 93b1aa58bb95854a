/** A normalised, diff-friendly dump of a workbook: per sheet its view, filter, print setup, merges and every cell. */
import ExcelJS from 'exceljs';

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function show(value: ExcelJS.CellValue): string {
  if (value instanceof Date) return `date:${value.toISOString().slice(0, 10)}`;
  if (value && typeof value === 'object' && 'formula' in value) return `=${value.formula} → ${JSON.stringify(value.result ?? null)}`;
  if (value && typeof value === 'object' && 'sharedFormula' in value) return `=shared(${value.sharedFormula}) → ${JSON.stringify(value.result ?? null)}`;
  if (value && typeof value === 'object' && 'richText' in value) return JSON.stringify(value.richText.map((t) => t.text).join(''));
  return JSON.stringify(value);
}

export function dumpWorkbook(wb: ExcelJS.Workbook): string {
  const out: string[] = [];
  wb.eachSheet((ws) => {
    const view = ws.views?.[0] as { state?: string; xSplit?: number; ySplit?: number } | undefined;
    out.push(`## ${ws.name}`);
    out.push(`view: ${view?.state ?? 'normal'} x=${view?.xSplit ?? 0} y=${view?.ySplit ?? 0}; filter: ${JSON.stringify(ws.autoFilter ?? null)}; print: ${ws.pageSetup.orientation} fitToWidth=${ws.pageSetup.fitToWidth} titles=${ws.pageSetup.printTitlesRow ?? '-'}`);
    const merges = (ws.model as { merges?: string[] }).merges ?? [];
    if (merges.length) out.push(`merges: ${[...merges].sort().join(' ')}`);
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // exceljs reads every cell of a merged range as its first one: list that one only
        if (cell.isMerged && cell.master !== cell) return;
        out.push(`${cell.address} ${show(cell.value)}${cell.numFmt ? ` [${cell.numFmt}]` : ''}`);
      });
    });
  });
  return `${out.join('\n')}\n`;
}
