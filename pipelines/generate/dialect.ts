/**
 * How a CSV file spells its values: separator, encoding, date form, decimal comma,
 * booleans, header names. The default is what Jobcenter systems export (';', UTF-8,
 * DD.MM.YYYY, decimal comma); the sample builder varies it per file.
 */
import { KIND_SPECS, type ColumnType, type Kind } from '../schema/kinds.ts';
import { formatDe, formatIso, formatMonth } from './days.ts';
import type { Cell, Goal, Row } from './row.ts';

export interface CsvDialect {
  readonly delimiter: ';' | ',' | '\t';
  readonly encoding: 'utf8' | 'win1252';
  readonly bom: boolean;
  readonly dates: 'de' | 'iso';
  readonly decimalComma: boolean;
  /** Thousands dots in ints and decimals (only with a decimal comma). */
  readonly thousands: boolean;
  readonly booleans: readonly [string, string];
  readonly eol: '\n' | '\r\n';
  /** Header text per canonical column name; default the canonical name. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Enum values as written in this file (canonical value → file text), e.g. German labels. */
  readonly enumText?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Columns written, in order; default all columns of the kind. */
  readonly columns?: readonly string[];
}

export const GERMAN_EXPORT: CsvDialect = {
  delimiter: ';',
  encoding: 'utf8',
  bom: false,
  dates: 'de',
  decimalComma: true,
  thousands: false,
  booleans: ['1', '0'],
  eol: '\n',
};

interface PlannedColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly enumText?: Readonly<Record<string, string>>;
}

const NEEDS_QUOTES = /[";,\t\r\n]|^\s|\s$/;

// Most integers written are small (days, counts, birth years): reuse their text.
const SMALL_INTS = Array.from({ length: 2200 }, (_, i) => String(i));

function intText(value: number): string {
  return value >= 0 && value < SMALL_INTS.length && Number.isInteger(value) ? (SMALL_INTS[value] as string) : String(value);
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function groupThousands(integerPart: string): string {
  return integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function formatNumber(value: number, decimals: number, dialect: CsvDialect): string {
  const text = decimals === 0 ? String(value) : value.toFixed(decimals);
  if (!dialect.decimalComma) return text;
  const [integerPart = '', fraction] = text.split('.');
  const grouped = dialect.thousands ? groupThousands(integerPart) : integerPart;
  return fraction === undefined ? grouped : `${grouped},${fraction}`;
}

/** Writes rows of one kind as CSV lines in one dialect. */
export class CsvFormatter {
  private readonly columns: readonly PlannedColumn[];
  /** Reused per line: joining an array yields one flat string, cheaper to encode than a chain of `+=`. */
  private readonly cells: string[];

  constructor(
    readonly kind: Kind,
    readonly dialect: CsvDialect,
  ) {
    const specs = KIND_SPECS[kind].columns;
    const names = dialect.columns ?? specs.map((c) => c.name);
    this.columns = names.map((name) => {
      const spec = specs.find((c) => c.name === name);
      if (!spec) throw new Error(`kind ${kind} has no column ${name}`);
      return { name, type: spec.type, enumText: dialect.enumText?.[name] };
    });
    this.cells = this.columns.map(() => '');
  }

  header(): string {
    const names = this.columns.map((c) => quote(this.dialect.headers?.[c.name] ?? c.name));
    return names.join(this.dialect.delimiter) + this.dialect.eol;
  }

  line(row: Row): string {
    const cols = this.columns;
    const cells = this.cells;
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i] as PlannedColumn;
      cells[i] = this.cell(col, row[col.name]);
    }
    return cells.join(this.dialect.delimiter) + this.dialect.eol;
  }

  private cell(col: PlannedColumn, value: Cell): string {
    if (value === null || value === undefined || value === '') return '';
    const d = this.dialect;
    switch (col.type) {
      case 'date':
        return d.dates === 'de' ? formatDe(value as number) : formatIso(value as number);
      case 'month':
        return formatMonth(value as number);
      case 'int':
        return d.thousands ? formatNumber(value as number, 0, d) : intText(value as number);
      case 'decimal': {
        const text = formatNumber(value as number, 2, d);
        return d.delimiter === ',' && d.decimalComma ? `"${text}"` : text;
      }
      case 'bool':
        return value ? d.booleans[0] : d.booleans[1];
      case 'reason_list':
        return (value as readonly string[]).join('|');
      case 'goal_list':
        return (value as readonly Goal[]).map((g) => `${g.code}:${g.status}`).join('|');
      case 'text':
        return quote(value as string);
      case 'enum':
        return quote(col.enumText?.[value as string] ?? (value as string));
      default:
        return value as string;
    }
  }
}
