/**
 * JSON (an array of objects, or an object wrapping one) and NDJSON (one object per line) as
 * records, in the encodings CSV accepts (transcode.ts). Keys are matched
 * to columns like header cells; `dropout_reasons` may be an array, `goals` an array of
 * {code, status}; one object holding a record's required fields is that one record. Row
 * numbers: array position (1 = first object) or NDJSON line number. A list of no records
 * (`[]`, `{"daten": []}`, an NDJSON file of no lines) is a delivery of nothing and loads as
 * 0 rows, as a CSV of its header alone does (emptyList).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';
import { IngestError } from '../errors.ts';
import { columnFor, differingColumnsReason } from './header-mapping.ts';
import { columnsViolation, LIMITS } from './limits.ts';
import { valueText, type CellText, type NodeRecord, type NodeTable, type SecondValue } from './node-records.ts';
import { decodeText, utf8TextStream } from './transcode.ts';
import { readSample } from './csv-source.ts';

type Seen = Pick<NodeTable, 'present' | 'extra' | 'written'>;

function toRecord(kind: Kind, row: number, item: unknown, table: Seen): NodeRecord {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    return { row, values: new Map(), recordError: 'not a JSON object' };
  }
  const entries = Object.entries(item);
  const wide = columnsViolation(entries.length);
  if (wide) return { row, values: new Map(), recordError: `object has ${wide}` };
  const values = new Map<string, CellText>();
  const seconds: SecondValue[] = [];
  const keys = new Map<string, string>(); // canonical column → the key read for it
  for (const [key, value] of entries) {
    const column = columnFor(kind, key);
    if (!column) {
      // the names are for the summary: a file of ever new keys does not grow it without bound
      if (table.extra.size < LIMITS.maxColumns) table.extra.add(key);
      continue;
    }
    if (values.has(column.name)) {
      // the first key with this meaning wins; a second one that says otherwise rejects the record
      const text = valueText(value);
      if (text !== null && text.trim() !== '') seconds.push({ column: column.name, text, header: key, reason: differingColumnsReason(column.name, keys.get(column.name)!, key) });
      continue;
    }
    keys.set(column.name, key);
    table.present.add(column.name);
    if (!table.written.has(column.name)) table.written.set(column.name, key);
    values.set(column.name, valueText(value));
  }
  return seconds.length ? { row, values, seconds } : { row, values };
}

export function readJsonArray(kind: Kind, path: string): NodeTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeText(readFileSync(path)));
  } catch (error) {
    // Node's message quotes the text around the error, which may hold a raw id: position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new IngestError(
      `The file is not valid JSON${position ? ` (error at character ${position})` : ''}.`,
      path,
      undefined,
      undefined,
      'Export it again as a JSON array of objects, or as NDJSON (one object per line).',
    );
  }
  const { items, within, single } = recordsOf(kind, parsed, path);
  const seen: Seen = { present: new Set(), extra: new Set(), written: new Map() };
  async function* records() {
    for (let i = 0; i < items.length; i++) yield toRecord(kind, i + 1, items[i], seen);
    if (items.length === 0) emptyList(kind, seen);
  }
  const word = within !== undefined && /^[\p{L}_][\p{L}_ -]{0,39}$/u.test(within) ? within : undefined;
  const shape = single ? 'json object, one record' : within === undefined ? 'json array' : word ? `json object, records in '${word}'` : 'json object';
  return { ...seen, describe: () => (items.length === 0 ? `${shape}, no records` : shape), records: records() };
}

/**
 * A portal's "nothing this month" is an empty list: it was refused as 'no records found', and
 * almp status stayed red for a week, while a CSV of its header alone loads as 0 rows. A list
 * of no records lacks no column: each counts as present, so the load neither names required
 * columns "missing" nor notes key columns absent.
 */
function emptyList(kind: Kind, seen: Seen): void {
  for (const column of KIND_SPECS[kind].columns) seen.present.add(column.name);
}

/**
 * The records of a JSON document: an array of objects, or an object wrapping one such
 * array beside metadata ({"stand": …, "berichte": [ … ]}, the usual shape of an API
 * export). The wrapping key is shown in the file's description only when it is a plain
 * word (a participant id could be a key too, and must not reach the log).
 */
function recordsOf(kind: Kind, parsed: unknown, path: string): { items: unknown[]; within?: string; single?: true } {
  if (Array.isArray(parsed)) return { items: parsed };
  if (parsed && typeof parsed === 'object') {
    // one record as an object (a portal's export of one report): its goals array is no list
    // of records (it was taken for one, and the report's own fields were "missing")
    // (only fields holding a plain value count: {"Jobcenter": [ … ]} wraps the Jobcenter list
    // under a key that names jobcenter_id, and loaded as one record whose id was the array)
    const named = new Set(Object.entries(parsed).filter(([, value]) => value === null || typeof value !== 'object').map(([key]) => columnFor(kind, key)?.name));
    if (KIND_SPECS[kind].columns.every((c) => !c.required || named.has(c.name))) return { items: [parsed], single: true };
    const arrays = Object.entries(parsed).filter(
      ([, value]) => Array.isArray(value) && value.length > 0 && value.every((item) => item && typeof item === 'object' && !Array.isArray(item)),
    );
    if (arrays.length === 1) return { items: arrays[0]![1] as unknown[], within: arrays[0]![0] };
    // {"stand": "2025-03", "daten": []}: the wrapper of a list of no records. Its one array is
    // none of a record's list fields (a report of its own with "goals": [] lacking a required
    // field is refused as before, not taken for an empty delivery).
    const lists = Object.entries(parsed).filter(([, value]) => Array.isArray(value));
    if (arrays.length === 0 && lists.length === 1) {
      const [key, value] = lists[0]!;
      const type = columnFor(kind, key)?.type;
      if ((value as unknown[]).length === 0 && type !== 'reason_list' && type !== 'goal_list') {
        const failure = failureOf(parsed, key);
        if (failure === undefined) return { items: [], within: key };
        throw new IngestError(
          // the key is named only when it is a plain word (a key could be a raw id)
          `The JSON file holds no records and reports a failure${/^[\p{L}_]{1,40}$/u.test(failure) ? ` ('${failure}')` : ''}: a download or export that failed, not a delivery of nothing.`,
          path,
          undefined,
          undefined,
          'Download or export the file again; a delivery of no records is [ ] or a wrapper of an empty list without an error.',
        );
      }
    }
    if (arrays.length > 1) {
      throw new IngestError(
        // not named: a key could be anything, even a participant id
        `The JSON object holds ${arrays.length} arrays of records, so it is unclear which to load.`,
        path,
        undefined,
        undefined,
        'Export one kind of record per file, as a JSON array or one object per line (NDJSON).',
      );
    }
  }
  throw new IngestError('The JSON file is not an array of objects.', path, undefined, undefined, 'Wrap the records in [ ... ], or write one object per line (NDJSON).');
}

/**
 * What in the wrapper of an empty list says the download failed, or undefined: a portal's
 * {"status": "error", "fehler": "Sitzung abgelaufen", "daten": []} is no delivery of nothing,
 * and loaded as 0 rows it turned almp status green (a review). An error field that is empty
 * (null, 0, false, ""), a count or a page beside the list are metadata of an empty delivery.
 */
function failureOf(wrapper: object, list: string): string | undefined {
  for (const [key, value] of Object.entries(wrapper)) {
    if (key === list || value === null || value === 0 || value === false || value === '') {
      if (value === false && /^(ok|success|erfolg|erfolgreich)$/i.test(key)) return key;
      continue;
    }
    if (ERROR_KEY.test(key) && !/^(0|false)$/i.test(String(value))) return key;
    if (/status|code/i.test(key) && typeof value === 'number' && value >= 400) return key;
    if (typeof value === 'string' && ERROR_TEXT.test(value)) return key;
  }
  return undefined;
}

/** A key whose non-empty value reports an error ('fehlerhafte_zeilen': 0 is none). */
const ERROR_KEY = /^(error|errors|fehler|fault|exception)$|_error$|^error_/i;
/** Words of a failure in a status or message text, whole words ('Keine fehlerhaften Datensätze' is none). */
const ERROR_TEXT = /\b(error|fehler|failed|failure|denied|unauthori[sz]ed|forbidden|abgelaufen|ungültig|invalid|abgebrochen)\b|anmeldung erforderlich|sitzung beendet|nicht angemeldet/i;

export function readNdjson(kind: Kind, path: string): NodeTable {
  const seen: Seen = { present: new Set(), extra: new Set(), written: new Map() };
  let empty = false;
  return {
    ...seen,
    describe: () => (empty ? 'ndjson, no records' : 'ndjson'),
    records: (async function* () {
      const lines = createInterface({ input: utf8TextStream(path, readSample(path).sample), crlfDelay: Infinity });
      let line = 0;
      let records = 0;
      let parsed = 0;
      for await (const text of lines) {
        line++;
        const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
        if (trimmed === '') continue;
        let item: unknown;
        try {
          item = JSON.parse(trimmed);
        } catch {
          // The line itself is not echoed: it may hold a raw participant id.
          records++;
          yield { row: line, values: new Map(), recordError: 'line is not valid JSON (cut off?)' };
          continue;
        }
        records++;
        parsed++;
        yield toRecord(kind, line, item, seen);
      }
      // No line is JSON: a single object cut off in transfer (a .json file that did not parse
      // whole is read as NDJSON), not a file of records without their columns — it was
      // refused for missing 'provider_id', 'measure_id', … which all were in it (a review).
      if (records > 0 && parsed === 0) {
        throw new IngestError(
          records === 1 ? 'The file is not valid JSON: it ends before its object does (cut off in transfer?).' : `The file is not valid JSON or NDJSON: none of its ${records} lines is a complete JSON object.`,
          path,
          undefined,
          undefined,
          'Export or download it again: as a JSON array of objects, or as NDJSON (one object per line).',
        );
      }
      if (records === 0) {
        emptyList(kind, seen);
        empty = true;
      }
    })(),
  };
}
