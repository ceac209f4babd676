/** The environment as the configuration reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads typed settings from the environment, falling back to defaults and collecting every problem
 * (so loadConfig can report them all at once) instead of throwing at the first.
 */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback: string): string {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? fallback : v.trim();
  }

  optional(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) {
      this.problems.push(`${name}="${raw}" is not a whole number (expected ${min}–${max}).`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) this.problems.push(`${name}=${n} is out of range (expected ${min}–${max}).`);
    return n;
  }

  /** Sizes like `100MB`, `512KB`, `1GB` or a plain byte count. */
  bytes(name: string, fallback: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/i.exec(raw);
    if (!m) {
      this.problems.push(`${name}="${raw}" is not a size (examples: 100MB, 512KB, 1048576).`);
      return fallback;
    }
    const unit = (m[2] ?? 'B').toUpperCase();
    const factor: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };
    return Math.round(Number(m[1]) * factor[unit]!);
  }

  /** Durations like `30s`, `2m`, `24h`, `500ms` or plain milliseconds. */
  duration(name: string, fallback: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const m = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(raw);
    if (!m) {
      this.problems.push(`${name}="${raw}" is not a duration (examples: 500ms, 30s, 2m, 24h).`);
      return fallback;
    }
    const factor: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };
    return Number(m[1]) * factor[m[2] ?? 'ms']!;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name}="${raw}" is not true or false.`);
    return fallback;
  }

  oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if ((options as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}="${raw}" must be one of: ${options.join(', ')}.`);
    return fallback;
  }

  /** An absolute http(s) URL, or undefined when unset. */
  url(name: string): string | undefined {
    return this.httpUrl(name, this.optional(name));
  }

  /** `value` (read from `name`, perhaps rewritten) when it is an absolute http(s) URL; otherwise a problem and undefined. */
  httpUrl(name: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    try {
      const u = new URL(value);
      if (u.protocol === 'http:' || u.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    this.problems.push(`${name}="${value}" is not an http or https URL.`);
    return undefined;
  }

  list(name: string): string[] {
    const raw = this.optional(name);
    return raw === undefined ? [] : raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  }
}
