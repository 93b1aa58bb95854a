/**
 * Limits that keep hostile or broken files from exhausting time or memory. Each is
 * configurable through the environment (read once here, at the edge of the ingest), and a
 * file or row that hits one is rejected with a reason naming the limit.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { NOT_XLSX_HINT, notZipViolation } from './not-zip.ts';

export interface IngestLimits {
  /** Largest input file in bytes (ALMP_MAX_FILE_MB). */
  readonly maxFileBytes: number;
  /** Longest CSV record in bytes, quoted line breaks included (ALMP_MAX_ROW_KB). */
  readonly maxLineBytes: number;
  /** Most columns in a header (ALMP_MAX_COLUMNS). */
  readonly maxColumns: number;
  /**
   * Longest single value in bytes, any format (ALMP_MAX_CELL_KB): a longer one rejects its
   * row. 64 KB is above Excel's own 32,767 characters per cell in any UTF-8 text.
   */
  readonly maxCellBytes: number;
  /** Uncompressed size an XLSX may declare, all parts together (ALMP_MAX_XLSX_MB). */
  readonly maxXlsxUncompressedBytes: number;
  /** Deepest nesting a JSON file may have (ALMP_MAX_JSON_DEPTH). */
  readonly maxJsonDepth: number;
}

/** Each limit's variable, its default, and the bytes of its unit (1 for a count). */
const VARIABLES = {
  maxFileBytes: { name: 'ALMP_MAX_FILE_MB', fallback: 4096, unit: 2 ** 20 },
  maxLineBytes: { name: 'ALMP_MAX_ROW_KB', fallback: 128, unit: 1024 },
  maxColumns: { name: 'ALMP_MAX_COLUMNS', fallback: 500, unit: 1 },
  maxCellBytes: { name: 'ALMP_MAX_CELL_KB', fallback: 64, unit: 1024 },
  maxXlsxUncompressedBytes: { name: 'ALMP_MAX_XLSX_MB', fallback: 512, unit: 2 ** 20 },
  maxJsonDepth: { name: 'ALMP_MAX_JSON_DEPTH', fallback: 64, unit: 1 },
} as const satisfies Record<keyof IngestLimits, { name: string; fallback: number; unit: number }>;

/**
 * The limits an environment sets, and what is wrong with the variables it sets wrongly. A size
 * is a number of its unit above 0 (a fraction too: ALMP_MAX_XLSX_MB=0.5), a count a whole
 * number of 1 or more. An unset or empty variable is its default. ALMP_MAX_FILE_MB=x, 0 or
 * 8GB fell back to 4096 without a word, while ALMP_THREADS=abc was refused.
 */
export function readLimits(env: NodeJS.ProcessEnv): { limits: IngestLimits; problems: string[] } {
  const problems: string[] = [];
  const entries = Object.entries(VARIABLES).map(([key, { name, fallback, unit }]) => {
    const text = env[name]?.trim();
    if (!text) return [key, fallback * unit];
    const count = unit === 1;
    const value = Number(text);
    if (!(count ? /^\d+$/ : /^\d+(\.\d+)?$/).test(text) || !(value > 0)) {
      const unitName = unit === 1024 ? 'KB' : 'MB';
      problems.push(count ? `${name} must be a whole number of 1 or more, such as ${fallback} (not '${text}')` : `${name} must be a number of ${unitName} above 0, written without the unit, such as ${fallback} (not '${text}')`);
      return [key, fallback * unit];
    }
    return [key, value * unit];
  });
  return { limits: Object.freeze(Object.fromEntries(entries)) as unknown as IngestLimits, problems };
}

/**
 * Read when the ingest loads. A wrong variable is refused before, by loadConfig (config.ts),
 * which every command runs first; here it would be its default.
 */
export const LIMITS: IngestLimits = readLimits(process.env).limits;

/** Why a file is refused, and (where the reason alone does not say it) what to do. */
export interface LimitViolation {
  readonly reason: string;
  readonly hint?: string;
}

/**
 * A workbook whose zip sizes no real workbook has (a part inflating hundreds of times, or
 * beyond what the directory declares) is a zip bomb or damaged: not to be opened blindly.
 */
export const ZIP_BOMB_HINT = 'Do not open it: ask the sender for a new copy saved from Excel or LibreOffice, or for the data as CSV.';

/**
 * Checks a file against the limits before any reader touches it; returns the reason it
 * must be refused, or undefined. Cheap: reads the size, the zip directory, or a prefix.
 */
export function limitViolation(path: string, format: 'csv' | 'xlsx' | 'json' | 'ndjson', limits: IngestLimits = LIMITS): LimitViolation | undefined {
  const size = statSync(path).size;
  if (size > limits.maxFileBytes) {
    return { reason: `file is ${overLimitMb(size, limits.maxFileBytes)} (raise ALMP_MAX_FILE_MB if it is genuine)` };
  }
  if (format === 'xlsx') return zipViolation(path, size, limits);
  if (format === 'json') {
    const reason = jsonDepthViolation(path, limits);
    return reason ? { reason } : undefined;
  }
  return undefined;
}

/** A header (or JSON object) with more cells than ALMP_MAX_COLUMNS allows: the reason, or undefined. */
export function columnsViolation(count: number, limits: IngestLimits = LIMITS): string | undefined {
  return count > limits.maxColumns
    ? `${count.toLocaleString('de-DE')} columns, over the limit of ${limits.maxColumns} (raise ALMP_MAX_COLUMNS if it is genuine)`
    : undefined;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/**
 * A size over its limit, in MB: the limit as configured (it may be a fraction), the size with
 * as many decimals as it takes to show it above the limit — whole MB alone said '0 MB, over
 * the limit of 0 MB' or '4096 MB, over the limit of 4096 MB'.
 */
export function overLimitMb(bytes: number, limitBytes: number): string {
  const limit = Number((limitBytes / 2 ** 20).toFixed(3));
  let digits = 0;
  while (digits < 3 && Number((bytes / 2 ** 20).toFixed(digits)) <= limit) digits++;
  // German figures, as every size on the terminal (README: '14,8 MB'); it said '0.001 MB'
  const de = (n: number, d: number) => n.toLocaleString('de-DE', { minimumFractionDigits: d, maximumFractionDigits: d });
  return `${de(bytes / 2 ** 20, digits)} MB, over the limit of ${limit.toLocaleString('de-DE', { maximumFractionDigits: 3 })} MB`;
}

/** The zip end-of-central-directory record: its signature, and the tail that holds it (22 bytes + the longest comment). */
export const ZIP_END_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
export const ZIP_TAIL_BYTES = 22 + 0xffff;

/** Real workbooks compress 5–20:1; a zip bomb compresses hundreds or thousands to one. */
const MAX_RATIO = 200;

function zipViolation(path: string, size: number, limits: IngestLimits): LimitViolation | undefined {
  const fd = openSync(path, 'r');
  try {
    const tailSize = Math.min(size, ZIP_TAIL_BYTES);
    const tail = Buffer.alloc(tailSize);
    readSync(fd, tail, 0, tailSize, size - tailSize);
    const eocd = tail.lastIndexOf(ZIP_END_SIGNATURE);
    // no zip at all: an old .xls, an encrypted workbook, a CSV under an .xlsx name (not-zip.ts)
    if (eocd < 0) return notZipViolation(path);
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset + dirSize > size) return { reason: 'not a valid XLSX file (zip directory out of range)', hint: NOT_XLSX_HINT };
    const dir = Buffer.alloc(dirSize);
    readSync(fd, dir, 0, dirSize, dirOffset);
    let total = 0;
    for (let i = 0, at = 0; i < entries && at + 46 <= dir.length; i++) {
      if (dir.readUInt32LE(at) !== 0x02014b50) return { reason: 'not a valid XLSX file (damaged zip directory)', hint: NOT_XLSX_HINT };
      const compressed = dir.readUInt32LE(at + 20);
      const uncompressed = dir.readUInt32LE(at + 24);
      const part = dir.toString('utf8', at + 46, Math.min(dir.length, at + 46 + dir.readUInt16LE(at + 28)));
      if (uncompressed === 0xffffffff) return { reason: `the workbook's part ${part} declares a size over 4 GB (a zip bomb)`, hint: ZIP_BOMB_HINT };
      total += uncompressed;
      if (uncompressed > 10 * 2 ** 20 && uncompressed / Math.max(1, compressed) > MAX_RATIO) {
        const ratio = Math.round(uncompressed / Math.max(1, compressed));
        return { reason: `the workbook's part ${part} inflates ${ratio}-fold to ${mb(uncompressed)} MB, as no real workbook does (a zip bomb)`, hint: ZIP_BOMB_HINT };
      }
      at += 46 + dir.readUInt16LE(at + 28) + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    }
    if (total > limits.maxXlsxUncompressedBytes) {
      return {
        reason: `the workbook unpacks to ${overLimitMb(total, limits.maxXlsxUncompressedBytes)} (raise ALMP_MAX_XLSX_MB if it is genuine)`,
        hint: 'Or ask the sender for the data as CSV, which is read without unpacking.',
      };
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** JSON.parse recurses: nesting deeper than any real export is refused before parsing. */
function jsonDepthViolation(path: string, limits: IngestLimits): string | undefined {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 16);
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) {
      for (let i = 0; i < n; i++) {
        const c = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) {
          if (++depth > limits.maxJsonDepth) return `JSON nested deeper than ${limits.maxJsonDepth} levels (raise ALMP_MAX_JSON_DEPTH if it is genuine)`;
        } else if (c === 0x5d || c === 0x7d) depth--;
      }
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
