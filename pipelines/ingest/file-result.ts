/** What ingesting one file did; one per file, also for files that failed. */
import type { Kind } from '../schema/kinds.ts';
import type { ItemResult } from '../results.ts';
import type { ReasonCounts } from './reject-counts.ts';

export interface FileIngestResult extends ItemResult {
  readonly file: string;
  readonly kind?: Kind;
  /** Records read (blank records not counted). */
  readonly rowsRead: number;
  /** Records now in force from this file. */
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  /** Records of this file replaced by a later record with the same key in the same file (kept, not in force). */
  readonly rowsSuperseded: number;
  /** The first rows (by number) a later row of the same file superseded. */
  readonly supersededRows?: readonly number[];
  /** Versions from earlier files that this file replaced (kept, not in force). */
  readonly rowsReplaced: number;
  /** Of those, versions the file repeats with every column unchanged. */
  readonly rowsReplacedUnchanged: number;
  /** Of those, versions dated later than the version this file brings (an older delivery loaded after a newer one). */
  readonly rowsReplacedDatedLater?: number;
  readonly alreadyLoaded: boolean;
  /** Already loaded: the name it was loaded under, when another. */
  readonly loadedAs?: string;
  /** Already loaded: how many of its records later files have replaced since. */
  readonly replacedSince?: number;
  /** The first few reject reasons, e.g. "row 7, referral_date '31.02.2024': not a date ...". */
  readonly firstReasons: string[];
  /** The rejects counted by column and reason, the most frequent first (the first FIRST_REASONS). */
  readonly reasonCounts?: ReasonCounts;
  /**
   * Every reject reason in row order, up to REASONS_KEPT, for the reasons file kept beside an
   * archived file (what the clerk passes on to the sender); `rejectLines` counts them all.
   */
  readonly reasons?: readonly string[];
  readonly rejectLines?: number;
  /** Header names that match no column (ignored). */
  readonly extraColumns: string[];
  /** The contract columns the file was read for: a look-alike of one of them is no missing column. */
  readonly columnsRead?: readonly string[];
  /** What the user should know about the file beyond its rows, e.g. other data sheets of a workbook not read. */
  readonly notes?: readonly string[];
  readonly fileId?: number;
}
