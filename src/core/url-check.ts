/**
 * What the URL checker found for one access or download URL of a distribution: the HTTP status of a
 * HEAD (or ranged GET when HEAD is refused), 0 when there was no answer (refused address, DNS,
 * connection, timeout; `error` says which), the media type the server claims (`Content-Type` without
 * parameters, lower case), and when it was checked (ISO time; the result counts until it is older than
 * the checker's time to live).
 */
export interface UrlCheck {
  readonly url: string;
  readonly status: number;
  readonly mediaType: string | null;
  readonly error: string | null;
  readonly checkedAt: string;
}

/** Whether a check found the URL reachable: a 2xx answer (what the MQA's URL metrics count). */
export function urlCheckPassed(check: Pick<UrlCheck, 'status'>): boolean {
  return check.status >= 200 && check.status < 300;
}
