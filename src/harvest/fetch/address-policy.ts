/**
 * Pure classification of IP addresses and URL hosts, for the harvest fetcher's SSRF guard.
 *
 * Only addresses that are globally reachable unicast are `public`; everything else (loopback,
 * private, link-local, CGNAT, multicast, documentation, benchmarking, reserved and unallocated
 * space) is refused unless the host is explicitly allowed. The IPv6 rules are an allow-list:
 * only 2000::/3 (global unicast) can be public, minus its special-purpose blocks, plus the forms
 * that embed an IPv4 address (IPv4-mapped, IPv4-translated, NAT64 64:ff9b::/96 and 6to4), which
 * are judged by the IPv4 address they carry.
 *
 * Host notations follow the WHATWG URL host parser, which is what `new URL()` applies: a host whose
 * last label is a number is an IPv4 address in one of the legacy notations (`2130706433`,
 * `0x7f.1`, `017700000001`, `127.1`) or it is invalid; it is never a name to resolve.
 */

export type AddressCategory =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade-nat'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

/** How an IPv6 address carries an IPv4 address, when it does. */
export type EmbeddingForm = 'IPv4-mapped' | 'IPv4-translated' | 'IPv4-compatible' | 'NAT64' | '6to4';

export interface AddressClassification {
  /** The address in canonical text form (dotted quad, or RFC 5952 IPv6 without brackets). */
  readonly address: string;
  readonly version: 4 | 6;
  readonly category: AddressCategory;
  /** The special-purpose block that decided the category, e.g. `127.0.0.0/8`. */
  readonly block: string;
  /** For IPv6 forms that embed an IPv4 address: the form and the embedded address's classification. */
  readonly embedded?: { readonly form: EmbeddingForm; readonly ipv4: AddressClassification };
  /** The IPv6 zone id (`fe80::1%eth0`), when one was given. A zoned address is never public. */
  readonly zone?: string;
}

/** What a URL host is, before any DNS resolution. */
export type HostVerdict =
  | { readonly kind: 'ip'; readonly classification: AddressClassification }
  /** `localhost`, `*.localhost` (RFC 6761: always loopback, whatever DNS says). */
  | { readonly kind: 'localhost'; readonly host: string }
  /** A host that looks like an IP address but is not a valid one (e.g. `256.1.1.1`, `1.2.3.4.5`). */
  | { readonly kind: 'invalid'; readonly host: string; readonly reason: string }
  /** A DNS name: the addresses it resolves to decide. */
  | { readonly kind: 'name'; readonly host: string };

// ---------------------------------------------------------------------------------------------
// IPv4

/**
 * Parses an IPv4 host in any notation the WHATWG URL parser accepts: 1 to 4 dot-separated parts,
 * each decimal, octal (leading `0`) or hexadecimal (`0x`), the last part filling the remaining
 * bytes; one trailing dot allowed. Returns the address as an unsigned 32-bit number, or null.
 */
export function parseIpv4(host: string): number | null {
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIpv4Number(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - numbers.length)) return null;
  let value = last;
  numbers.forEach((n, i) => {
    value += n * 256 ** (3 - i);
  });
  return value;
}

function parseIpv4Number(part: string): number | null {
  if (part === '') return null;
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0; // WHATWG: "0x" is zero
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  const pattern = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!pattern.test(digits)) return null;
  const n = parseInt(digits, radix);
  // Anything above 2^32 can never be valid; keep the comparison exact for long inputs.
  return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** WHATWG "ends in a number": the last label is all digits or 0x-hex, so the host must be IPv4. */
function endsInNumber(host: string): boolean {
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const last = parts[parts.length - 1] ?? '';
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

interface Block4 {
  readonly base: number;
  readonly prefix: number;
  readonly category: AddressCategory;
}

const ipv4Blocks: readonly Block4[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"; Linux connects 0.0.0.0 to the local host
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade-nat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  ['255.255.255.255', 32, 'broadcast'],
].map(([text, prefix, category]) => ({ base: parseIpv4(text as string)!, prefix: prefix as number, category: category as AddressCategory }));

function inBlock4(value: number, block: Block4): boolean {
  if (block.prefix === 0) return true;
  const shift = 32 - block.prefix;
  return Math.floor(value / 2 ** shift) === Math.floor(block.base / 2 ** shift);
}

export function classifyIpv4(value: number): AddressClassification {
  let best: Block4 | undefined;
  for (const block of ipv4Blocks) {
    if (inBlock4(value, block) && (best === undefined || block.prefix > best.prefix)) best = block;
  }
  const address = formatIpv4(value);
  if (best === undefined) return { address, version: 4, category: 'public', block: '0.0.0.0/0' };
  return { address, version: 4, category: best.category, block: `${formatIpv4(best.base)}/${best.prefix}` };
}

// ---------------------------------------------------------------------------------------------
// IPv6

export interface ParsedIpv6 {
  /** The address as a 128-bit number. */
  readonly value: bigint;
  readonly zone?: string;
}

/**
 * Parses an IPv6 address: hex groups, one `::`, an optional dotted-quad tail (strict decimal, as
 * in RFC 4291), an optional `%zone`, optional surrounding brackets. Returns null when invalid.
 */
export function parseIpv6(text: string): ParsedIpv6 | null {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  let zone: string | undefined;
  const percent = s.indexOf('%');
  if (percent >= 0) {
    zone = s.slice(percent + 1);
    s = s.slice(0, percent);
    if (zone === '' || !/^[\w.-]+$/.test(zone)) return null;
  }
  if (s === '' || !/^[0-9a-f:.]+$/i.test(s)) return null;

  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  const lastPart = s.slice(lastColon + 1);
  if (lastPart.includes('.')) {
    if (!/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(lastPart)) return null;
    const v4 = parseIpv4(lastPart)!;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    const prefix = s.slice(0, lastColon + 1); // ends with ':' (or '::')
    s = prefix.endsWith('::') ? prefix : prefix.slice(0, -1);
  }

  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null; // "::" stands for at least one zero group
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...head, ...tail];
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return zone === undefined ? { value } : { value, zone };
}

/** RFC 5952 text form: lower case, longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

interface Block6 {
  readonly base: bigint;
  readonly prefix: number;
  readonly text: string;
  readonly category?: AddressCategory;
  /** For forms that carry an IPv4 address: where it sits (bit offset from the right). */
  readonly embeds?: { readonly form: EmbeddingForm; readonly shift: number };
}

const ipv6Blocks: readonly Block6[] = (
  [
    ['::', 128, 'unspecified'],
    ['::1', 128, 'loopback'],
    ['::', 8, 'reserved'], // includes the deprecated IPv4-compatible ::/96, refused outright
    ['::', 96, 'reserved', { form: 'IPv4-compatible', shift: 0 }],
    ['::ffff:0:0', 96, undefined, { form: 'IPv4-mapped', shift: 0 }],
    ['::ffff:0:0:0', 96, undefined, { form: 'IPv4-translated', shift: 0 }],
    ['64:ff9b::', 96, undefined, { form: 'NAT64', shift: 0 }],
    ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64: prefix length and embedding are site-specific
    ['100::', 64, 'reserved'], // discard-only
    ['2000::', 3, 'public'],
    ['2001::', 23, 'reserved'], // IETF protocol assignments, incl. Teredo 2001::/32
    ['2001:db8::', 32, 'documentation'],
    ['2002::', 16, undefined, { form: '6to4', shift: 80 }],
    ['3fff::', 20, 'documentation'],
    ['5f00::', 16, 'reserved'], // SRv6 SIDs
    ['fc00::', 7, 'private'], // unique local
    ['fe80::', 10, 'link-local'],
    ['fec0::', 10, 'private'], // deprecated site-local
    ['ff00::', 8, 'multicast'],
  ] as const
).map(([text, prefix, category, embeds]) => ({
  base: parseIpv6(text)!.value,
  prefix,
  text: `${text}/${prefix}`,
  ...(category === undefined ? {} : { category }),
  ...(embeds === undefined ? {} : { embeds }),
}));

function inBlock6(value: bigint, block: Block6): boolean {
  const shift = BigInt(128 - block.prefix);
  return value >> shift === block.base >> shift;
}

export function classifyIpv6(parsed: ParsedIpv6): AddressClassification {
  const { value, zone } = parsed;
  let best: Block6 | undefined;
  for (const block of ipv6Blocks) {
    if (inBlock6(value, block) && (best === undefined || block.prefix > best.prefix)) best = block;
  }
  const address = formatIpv6(value);
  const zoned = zone === undefined ? {} : { zone };
  if (best === undefined) return { address, version: 6, category: 'reserved', block: 'outside 2000::/3 (unallocated)', ...zoned };
  let category: AddressCategory = best.category ?? 'public';
  let embedded: AddressClassification['embedded'];
  if (best.embeds !== undefined) {
    const ipv4 = classifyIpv4(Number((value >> BigInt(best.embeds.shift)) & 0xffffffffn));
    embedded = { form: best.embeds.form, ipv4 };
    if (best.category === undefined) category = ipv4.category;
  }
  // A zone id scopes an address to one interface: it only means something for non-global addresses.
  let block = best.text;
  if (zone !== undefined && category === 'public') {
    category = 'link-local';
    block = `${best.text}, but with a zone id`;
  }
  return { address, version: 6, category, block, ...(embedded === undefined ? {} : { embedded }), ...zoned };
}

// ---------------------------------------------------------------------------------------------
// Either family, and hosts

/**
 * Classifies an IP address in text form (as DNS answers and sockets report them: dotted quad or
 * IPv6, with or without brackets or zone). Legacy IPv4 notations are accepted too. Null when the
 * text is not an IP address.
 */
export function classifyAddress(text: string): AddressClassification | null {
  if (text.includes(':')) {
    const parsed = parseIpv6(text);
    return parsed === null ? null : classifyIpv6(parsed);
  }
  const v4 = parseIpv4(text);
  return v4 === null ? null : classifyIpv4(v4);
}

/** What a URL host (`URL.hostname`, or any host text) is, before resolution. */
export function classifyHost(rawHost: string): HostVerdict {
  const host = rawHost.toLowerCase();
  if (host.startsWith('[') || host.includes(':')) {
    const parsed = parseIpv6(host);
    if (parsed === null) return { kind: 'invalid', host: rawHost, reason: 'not a valid IPv6 address' };
    return { kind: 'ip', classification: classifyIpv6(parsed) };
  }
  if (endsInNumber(host)) {
    const v4 = parseIpv4(host);
    if (v4 === null) return { kind: 'invalid', host: rawHost, reason: 'its last label is a number but it is not a valid IPv4 address' };
    return { kind: 'ip', classification: classifyIpv4(v4) };
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name === 'localhost' || name.endsWith('.localhost')) return { kind: 'localhost', host: rawHost };
  return { kind: 'name', host: rawHost };
}

export function isPublic(classification: AddressClassification): boolean {
  return classification.category === 'public';
}

const categoryWords: Record<AddressCategory, string> = {
  public: 'a public address',
  unspecified: 'an unspecified ("this network") address',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'carrier-grade-nat': 'a carrier-grade NAT (shared) address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  documentation: 'a documentation address',
  benchmarking: 'a benchmarking address',
  reserved: 'a reserved address',
};

/**
 * The address and what it is, as a noun phrase for messages, e.g. `10.0.0.1, a private address
 * (10.0.0.0/8)` or `::ffff:7f00:1, the IPv4-mapped form of 127.0.0.1, a loopback address (127.0.0.0/8)`.
 */
export function describeAddress(c: AddressClassification): string {
  const shown = c.zone === undefined ? c.address : `${c.address}%${c.zone}`;
  if (c.embedded !== undefined && c.embedded.ipv4.category === c.category) {
    const inner = c.embedded.ipv4;
    return `${shown}, the ${c.embedded.form} form of ${inner.address}, ${categoryWords[inner.category]} (${inner.block})`;
  }
  const scoped = c.zone !== undefined ? ' scoped to an interface' : '';
  const meta = c.address === '169.254.169.254' ? ', the cloud metadata service' : '';
  const form = c.embedded !== undefined ? ` (the ${c.embedded.form} form of ${c.embedded.ipv4.address})` : '';
  return `${shown}, ${categoryWords[c.category]}${scoped}${meta} (${c.block})${form}`;
}
