/**
 * A return's layout as data: sheets, their rows (one SQL query on mart.*), their columns
 * and formats, the totals and the additive relations that disclosure control must respect.
 * One builder (reports/render/) renders any layout; layouts compute nothing.
 */

/** Cell formats; the Excel number formats live in reports/render/formats.ts. */
export type Format = 'count' | 'rate' | 'ratio' | 'days' | 'date' | 'datetime' | 'text';

export type PeriodType = 'year' | 'quarter';

/** A figure of mart.indicator_values for the row's measure (`row_key` = measure_id; read via mart.return_figures). */
export interface Pick {
  readonly indicator: string;
  /** Default '*'. */
  readonly breakdown?: string;
  /** Default 'value'. */
  readonly field?: 'value' | 'numerator' | 'denominator';
  /** Quarterly workbooks: quarter 1..4 of the return's year (columns after the return's quarter are dropped). */
  readonly quarter?: 1 | 2 | 3 | 4;
  /** Period type and period of the figure when it differs from the return's (e.g. a year figure in a quarterly workbook). */
  readonly periodOf?: 'year';
}

export interface ColumnLayout {
  readonly key: string;
  readonly header: string;
  /** Header of a group of columns (merged over the adjacent columns with the same group). */
  readonly group?: string;
  readonly format: Format;
  readonly width?: number;
  /** Long text: wrapped within the column's width instead of running past it. */
  readonly wrap?: boolean;
  /** Exactly one source: a text/date field of the row query, a figure field of it, or a mart pick. */
  readonly label?: string;
  /** A label column's text in the total row (e.g. 'nicht erhoben'); otherwise the cell stays empty. */
  readonly totalText?: string;
  readonly field?: string;
  readonly pick?: Pick;
  /** For `field` figures: a boolean field of the row query that marks primary suppression (else the threshold rule for counts). */
  readonly suppressedField?: string;
  /**
   * What a figure without a value means: 'zero' — a count of nothing (no mart row: no
   * entries in the period), written 0; 'none' — the figure does not exist (a rate whose
   * denominator is 0, occupancy of a measure without a contract in the period), written
   * '–'. Default: 'zero' for counts, 'none' for every other format.
   */
  readonly missing?: 'zero' | 'none';
  /**
   * Counts of the same row and period shown elsewhere in the workbook under another id that
   * are this rate's denominator (or bound it: exits for a rate over exits whose window has
   * closed): the rate is hidden with them. A rate shown on its own pins a hidden count
   * otherwise (83.3 % completions makes hidden exits a multiple of 6; the column total did the rest).
   * On a count (a rate's denominator among the exits): hidden with them unless it is 0.
   */
  readonly hiddenWith?: readonly Omit<Pick, 'quarter' | 'periodOf'>[];
  /**
   * A count whose units are among those of another figure of the same row and period shown
   * elsewhere in the workbook (exits whose 14 days are over, among all exits): once the
   * window has closed they are the same number under two names. A bound line ties them
   * (within ≥ this), so one is never shown while the other is hidden.
   */
  readonly within?: Omit<Pick, 'quarter' | 'periodOf'>;
  /** A rate shown next to its numerator and denominator columns (keys): hidden with them; its total is their ratio. */
  readonly rateOf?: readonly [string, string];
  /** Total row: 'sum' of the column (a line for disclosure control), 'ratio' (needs rateOf), or nothing. */
  readonly total?: 'sum' | 'ratio';
}

/** Rows of a sheet: one SQL query reading mart.* only, with named parameters among $period, $year, $jobcenter, $as_of. */
export interface RowSource {
  /** Stable id: figures of `field` columns are keyed by it (same id = same figures). */
  readonly id: string;
  readonly sql: string;
  /**
   * The field holding the row's Jobcenter, for a query that returns every Jobcenter's rows
   * when $jobcenter is NULL: the Jobcenter workbooks of a run then share one query.
   */
  readonly jobcenterField?: string;
  /** Constant bound parameters of this query (codes from the layout, never concatenated). */
  readonly params?: Readonly<Record<string, string>>;
}

export interface SheetLayout {
  readonly name: string;
  readonly title: string;
  readonly rows: RowSource;
  readonly columns: readonly ColumnLayout[];
  /** Label of the total row (written when any column has a total). */
  readonly totalLabel?: string;
  /** Additive relations inside each row: the total column equals the sum of the part columns. */
  readonly rowLines?: readonly { readonly total: string; readonly parts: readonly string[] }[];
  /**
   * Relations a reader can bound by but that are not exact sums (exits ≥ completions +
   * early positive exits + dropouts: transfers are not shown): disclosure control treats
   * them as lines; no SUM formula is written for them.
   */
  readonly boundLines?: readonly { readonly total: string; readonly parts: readonly string[] }[];
  /**
   * A row's figure `total` is the sum of the columns `parts` over the rows of sheet `sheet`
   * whose field `by` is this row's key (a provider's year exits: its measures' quarterly exits
   * on 'Austritte'): a reader subtracts across the sheets. Disclosure control only, no SUM
   * formula; while later quarters of a year figure are not shown it is only a bound.
   */
  readonly groupLines?: readonly { readonly total: string; readonly sheet: string; readonly by: string; readonly parts: readonly string[] }[];
  readonly footnotes?: readonly string[];
  /**
   * The sheet's figures are year figures in a quarterly workbook (e.g. the provider
   * comparison): its subtitle names that year (up to the Datenstand while it runs) instead of
   * the quarter. 'as-of': counts on the Datenstand itself (overdue reports, data-quality
   * findings), whatever the period — headed „Zeitraum Q4 2025 · vorläufig“ they read as
   * the quarter's, and the list named measures whose contracts ended in 2024.
   */
  readonly periodOf?: 'year' | 'as-of';
  /** A boolean field of the row query that says whether the row's figures are provisional (mart.dropout_funnel's). */
  readonly provisionalField?: string;
  /**
   * Row-query figures anchored in the return's period with no window after it (ESF+
   * participants by entry): provisional by the period rule (ReturnContext.periodFinal), not
   * because another sheet of the workbook holds a provisional figure.
   */
  readonly provisionalBy?: 'period';
}

export interface WorkbookLayout {
  readonly id: string;
  readonly title: string;
  readonly periodType: PeriodType;
  /** 'state': one workbook over all Jobcenters (or the one given); 'jobcenter': one per Jobcenter. */
  readonly scope: 'state' | 'jobcenter';
  readonly sheets: readonly SheetLayout[];
  /**
   * Additive relations across sheets of the same shape: for every row key and figure column,
   * the cell on `total` equals the sum of the cells on `parts` (e.g. ESF+ genders).
   */
  readonly sheetLines?: readonly { readonly total: string; readonly parts: readonly string[] }[];
  /** Indicator ids quoted on the definitions sheet. */
  readonly definitions: readonly string[];
  /** What the counts count, on the cover (a funder read "Eintritte" as people). */
  readonly unit?: string;
}
