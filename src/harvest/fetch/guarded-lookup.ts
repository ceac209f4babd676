import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress, describeAddress, isPublic } from './address-policy.js';
import { FetchError } from './fetch-error.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has. The default is the system resolver (`dns.lookup`). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) => {
  const answers = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface GuardedLookupOptions {
  readonly resolve: HostResolver;
  /** The URL being fetched, for error messages. */
  readonly url: string;
  /** True when the host is on the allow-list: its addresses are not checked. */
  readonly exempt: boolean;
}

/**
 * A `lookup` for `net`/`tls` connections that checks the addresses it hands to the socket. Because
 * the socket connects to exactly the addresses this function returned, there is no window between
 * check and connect for DNS rebinding. A name with ANY non-public address is refused as a whole
 * (a mixed answer is an attack or a misconfiguration, and happy-eyeballs would try them all).
 */
export function guardedLookup(options: GuardedLookupOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const settle = (error: NodeJS.ErrnoException | null, addresses: ResolvedAddress[]): void => {
      if (error !== null) {
        callback(error, '', 0);
        return;
      }
      if (lookupOptions.all === true) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    };
    checkedResolve(hostname, options, lookupOptions.family).then(
      (addresses) => settle(null, addresses),
      (error: unknown) => settle(error as NodeJS.ErrnoException, []),
    );
  };
}

async function checkedResolve(hostname: string, options: GuardedLookupOptions, family: number | string | undefined): Promise<ResolvedAddress[]> {
  let answers: readonly ResolvedAddress[];
  try {
    answers = await options.resolve(hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FetchError('dns', options.url, `Could not resolve host ${hostname}${code ? ` (${code})` : ''} for ${options.url}.`, { cause: error });
  }
  if (answers.length === 0) throw new FetchError('dns', options.url, `Host ${hostname} resolved to no address, for ${options.url}.`);
  const checked: ResolvedAddress[] = [];
  for (const answer of answers) {
    const classification = classifyAddress(answer.address);
    if (classification === null) {
      throw new FetchError('dns', options.url, `Host ${hostname} resolved to "${answer.address}", which is not an IP address, for ${options.url}.`);
    }
    if (!options.exempt && !isPublic(classification)) {
      throw new FetchError(
        'forbidden-address',
        options.url,
        `Refused to fetch ${options.url}: host ${hostname} resolves to ${describeAddress(classification)}. Add the host to the allowed hosts to harvest from it.`,
      );
    }
    checked.push({ address: answer.address, family: classification.version });
  }
  const wanted = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0;
  const usable = wanted === 0 ? checked : checked.filter((a) => a.family === wanted);
  if (usable.length === 0) throw new FetchError('dns', options.url, `Host ${hostname} has no IPv${wanted} address, for ${options.url}.`);
  return usable;
}
