// The allow-list (HARVEST_ALLOWED_HOSTS): hosts, or host:port pairs, that may be fetched even when
// they resolve to loopback, private or link-local addresses.

export interface AllowedHostEntry {
  /** Host as `URL.hostname` writes it: lower case, IPv4 dotted quad, IPv6 in brackets, no trailing dot. */
  readonly host: string;
  /** Port, when the entry names one; otherwise every port of the host is allowed. */
  readonly port?: number;
}

/**
 * Parses an allow-list entry: `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address.
 * The host is normalised as a URL would be (so `127.1` and `127.0.0.1` are the same entry).
 * Throws RangeError for an entry that is not a host.
 */
export function parseAllowedHost(entry: string): AllowedHostEntry {
  const text = entry.trim().toLowerCase();
  let host: string;
  let port: string | undefined;
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = `[${text}]`;
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(text);
    if (!m) throw new RangeError(`Allowed host "${entry}" is not a host or host:port.`);
    host = m[1]!;
    port = m[2];
  }
  let hostname: string;
  try {
    const u = new URL(`http://${host}/`);
    if (u.pathname !== '/' || u.username !== '' || u.port !== '') throw new Error('not a bare host');
    hostname = u.hostname;
  } catch {
    throw new RangeError(`Allowed host "${entry}" is not a host or host:port.`);
  }
  if (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (port === undefined) return { host: hostname };
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new RangeError(`Allowed host "${entry}" has an invalid port.`);
  return { host: hostname, port: n };
}

/** The port a URL connects to (its explicit port, or the scheme's default). */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Whether the URL's host (and port) is on the allow-list and so exempt from the address checks. */
export function isHostAllowed(url: URL, allowed: readonly AllowedHostEntry[]): boolean {
  const host = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  const port = effectivePort(url);
  return allowed.some((e) => e.host === host && (e.port === undefined || e.port === port));
}
