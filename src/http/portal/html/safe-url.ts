/**
 * A harvested URL as a link target: only http and https (a `javascript:` or `data:` URL in a record
 * must never become a link someone clicks). Anything else is shown as text by the caller.
 */
export function linkableUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A same-site path to return to (the language switch's `back`): a path on this site, never another origin. */
export function localPath(value: string | undefined): string {
  if (value === undefined || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  try {
    const url = new URL(value, 'http://portal.invalid');
    return url.origin === 'http://portal.invalid' ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}
