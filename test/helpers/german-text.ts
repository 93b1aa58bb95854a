/**
 * What a German reader of a dashboard or a return must never see: leftover English, text
 * garbled by a wrong encoding, one thing called by two names, English number forms.
 * Each rule returns what it found, so a failure names the text.
 */

/** UTF-8 read as Windows-1252 ('TrÃ¤ger', 'â€“') or a replacement character. */
const MOJIBAKE = /Ã[\u0080-\u00bf]|Â[\u0080-\u00bf]|â€|\ufffd/;

/** English words that have leaked into German text before (labels, codes, placeholders). */
const ENGLISH = new RegExp(
  `\\b(${[
    'the', 'and', 'of', 'with', 'from', 'per', 'by', 'rate', 'rates', 'share', 'dropout', 'dropouts', 'exit', 'exits', 'entry', 'entries',
    'referral', 'referrals', 'provider', 'providers', 'measure', 'measures', 'report', 'reports', 'participant', 'participants',
    'participation', 'participations', 'goal', 'goals', 'total', 'unknown', 'missing', 'other', 'none', 'undefined', 'NaN', 'Infinity',
    'true', 'false', 'suppressed', 'provisional', 'hidden', 'year', 'month', 'quarter', 'page', 'style', 'completed', 'employed',
  ].join('|')})\\b`,
  'i',
);

/**
 * Terms the outputs replaced by one word each: unterdrückt (not geheimgehalten, nicht
 * ausgewiesen), fristgerecht (not rechtzeitig), Teilnahmetage, Teilnehmende and
 * Abbrechende (gender-fair, as public bodies write), Kaplan-Meier (German hyphen),
 * "in Anlehnung an ESF+" (not the calque "ESF+-Stil"), "95-%-…" (not "95 %-…").
 */
const STRAY_TERMS = /geheim ?gehalten|nicht ausgewiesen|rechtzeitig|Berichtspünktlichkeit|Teilnehmertage|Teilnehmendentage|\bTeilnehmer(n)?\b|\bAbbrecher(n)?\b|Kaplan–Meier|ESF\+-Stil|\bSchwere\b|\d %-/;

/** A decimal point (0.25) where German writes a comma; dates (30.09.2026) and versions (0.1.0) are not. */
const DECIMAL_POINT = /(?<![\d.])\d+\.\d{1,2}(?![\d.])/;
/** Thousands with a comma (1,234) where German writes a dot. */
const THOUSANDS_COMMA = /(?<![\d,])\d{1,3}(,\d{3})+(?![\d,])/;
/** A percent sign without the space DIN 5008 puts before it (25,3%). */
const PERCENT_WITHOUT_SPACE = /\d%/;
/** The marts' period keys (2026-Q3, 2026-09-30) in running text, where the reader gets Q3 2026 and 30.09.2026. */
const ISO_PERIOD = /\b\d{4}-(Q[1-4]|\d{2}-\d{2})\b/;
/** A month abbreviated without its period before a year ('Jan 2026', 'Mär 2026'): German writes 'Jan. 2026', 'März 2026'. */
const MONTH_ABBREVIATION = /\b(Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez) \d{4}\b/;
/** What a missing value printed as text looks like. */
const PLACEHOLDER = /^(null|undefined|NaN|Infinity|-Infinity|\[object Object\])$/;

export interface TextRules {
  /** Skip the number-form rules (a file name, a version, an instrument code like 16d_AGH is no number). */
  readonly numbers?: boolean;
}

/** The problems of one piece of user-visible text, each as "rule: text". */
export function germanTextProblems(text: string, rules: TextRules = {}): string[] {
  const problems: string[] = [];
  const found = (rule: string, match: RegExpExecArray | null) => match && problems.push(`${rule} '${match[0]}': ${text}`);
  found('mojibake', MOJIBAKE.exec(text));
  found('English', ENGLISH.exec(text));
  found('stray term', STRAY_TERMS.exec(text));
  found('placeholder', PLACEHOLDER.exec(text.trim()));
  found('month abbreviation', MONTH_ABBREVIATION.exec(text));
  if (rules.numbers !== false) {
    found('decimal point', DECIMAL_POINT.exec(text));
    found('thousands comma', THOUSANDS_COMMA.exec(text));
    found('percent without space', PERCENT_WITHOUT_SPACE.exec(text));
    found('ISO period', ISO_PERIOD.exec(text));
  }
  return problems;
}

/** All problems of many texts, each text once. */
export function allProblems(texts: Iterable<string>, rules?: TextRules): string[] {
  return [...new Set(texts)].flatMap((t) => germanTextProblems(t, rules));
}
