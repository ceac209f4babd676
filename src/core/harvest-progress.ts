/** How far a harvest is: `reading` while documents are fetched, `processing` while the records are validated and written. */
export interface HarvestProgress {
  readonly phase: 'reading' | 'processing';
  /** Documents fetched so far (pages and referenced documents). */
  readonly documents: number;
  /** Records handled so far, of `records` in the source (0 of 0 while reading). */
  readonly processed: number;
  readonly records: number;
}
