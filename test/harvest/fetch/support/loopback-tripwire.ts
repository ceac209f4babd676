import net from 'node:net';

/**
 * A safety net for the fetcher tests: patches net.Socket#connect so that no test can ever open a
 * connection to anything but loopback, even if the fetcher's own guard had a bug. Every attempt is
 * recorded, so tests can also assert that a refused URL never reached the point of connecting.
 */
export interface Tripwire {
  /** `host:port` of every connect() call, in order (the host as given: a name or an address). */
  readonly attempts: string[];
  /** Addresses that the tripwire blocked (never connected). */
  readonly blocked: string[];
  reset(): void;
  uninstall(): void;
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

type ConnectArgs = Parameters<net.Socket['connect']>;
type LookupCallback = (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
type Lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => void;

export function installTripwire(): Tripwire {
  const original = net.Socket.prototype.connect;
  const attempts: string[] = [];
  const blocked: string[] = [];
  const patched = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : typeof first === 'object' && first !== null ? first : { port: first, host: args[1] }) as {
      host?: string;
      port?: number;
      path?: string | null;
      lookup?: Lookup;
    };
    if (typeof options.path === 'string' && options.path !== '') return original.apply(this, args as ConnectArgs);
    const host = options.host ?? 'localhost';
    attempts.push(`${host}:${options.port}`);
    if (net.isIP(host) !== 0) {
      if (!isLoopback(host)) {
        blocked.push(host);
        process.nextTick(() => this.destroy(new Error(`tripwire: a test tried to connect to ${host}`)));
        return this;
      }
    } else if (options.lookup !== undefined) {
      const lookup = options.lookup;
      options.lookup = (hostname, lookupOptions, callback) =>
        lookup(hostname, lookupOptions, (err, address, family) => {
          if (err) return callback(err, address, family);
          const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
          const outside = list.filter((a) => !isLoopback(a));
          if (outside.length > 0) {
            blocked.push(...outside);
            return callback(new Error(`tripwire: a test tried to connect to ${outside.join(', ')}`), '', 0);
          }
          callback(null, address, family);
        });
    }
    return original.apply(this, args as ConnectArgs);
  };
  net.Socket.prototype.connect = patched as typeof original;
  return {
    attempts,
    blocked,
    reset: () => {
      attempts.length = 0;
      blocked.length = 0;
    },
    uninstall: () => {
      net.Socket.prototype.connect = original;
    },
  };
}
