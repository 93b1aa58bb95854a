/**
 * Runs return a result per item (file, model, dashboard, return) instead of throwing
 * halfway; a failure marks what depends on it as `not_run`.
 */
export type ItemStatus = 'success' | 'error' | 'not_run' | 'skipped';

export interface ItemResult {
  readonly name: string;
  readonly status: ItemStatus;
  readonly ms?: number;
  readonly rows?: number;
  /** Output file written, if any. */
  readonly path?: string;
  readonly error?: string;
}

export function failed(results: readonly ItemResult[]): ItemResult[] {
  return results.filter((r) => r.status === 'error');
}
