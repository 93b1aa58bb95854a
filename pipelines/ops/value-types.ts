/**
 * Which result values are a person's text and which are values of a type: only text can be
 * a formula someone slipped into an input file. A negative BIGINT arrives as the string
 * '-5', an INTERVAL as '-01:30:00', an open-ended date as '-infinity': each was written with
 * the apostrophe that keeps text from being read as a formula ("'-5"), for every script
 * reading the csv and in the workbook's cell.
 */
const NUMBERS = 'U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DECIMAL\\(\\d+,\\d+\\)|FLOAT|DOUBLE|VARINT|BIGNUM';

/** The number types, some of whose values arrive as strings to keep their digits (BIGINT, DECIMAL, HUGEINT …). */
export const NUMBER_TYPE = new RegExp(`^(${NUMBERS})$`);

// not BLOB: DuckDB writes its printable bytes as they are ('+1-2'::BLOB is +1-2)
const TYPED = new RegExp(`^(${NUMBERS}|BOOLEAN|DATE|TIME.*|TIMESTAMP.*|INTERVAL|BIT|UUID)$`);

/** True for a column of such a type; a column of unknown type is text. */
export function isTypedValue(type: string | undefined): boolean {
  return type !== undefined && TYPED.test(type);
}
