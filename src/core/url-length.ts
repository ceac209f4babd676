/**
 * The longest URL the catalog fetches, checks or takes as a record's IRI, in UTF-8 bytes. 2 048 is the
 * longest URL every browser, proxy and HTTP server along the way can be relied on to accept, and what the
 * catalog keeps a URL under as a key: PostgreSQL's B-tree indexes hold at most about 2 700 bytes an entry,
 * so a longer one fails the whole write it is in (a harvest's batch, a round of URL checks, the fetch state
 * of a source). The same in either store, so a source harvests alike in the embedded and the server mode.
 */
export const MAX_URL_BYTES = 2048;

/** The URL's length in UTF-8 bytes when it is longer than MAX_URL_BYTES, else undefined. */
export function excessUrlBytes(url: string): number | undefined {
  // Every character is at least one byte and at most three per UTF-16 code unit: most URLs are decided without counting.
  if (url.length <= MAX_URL_BYTES / 3) return undefined;
  const bytes = Buffer.byteLength(url, 'utf8');
  return bytes > MAX_URL_BYTES ? bytes : undefined;
}
