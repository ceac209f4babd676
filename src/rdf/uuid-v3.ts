import { createHash } from 'node:crypto';

/**
 * Name-based UUID v3 without a namespace, exactly as Java's `UUID.nameUUIDFromBytes(s.getBytes(UTF_8))`:
 * MD5 of the UTF-8 bytes, version nibble 3, IETF variant. data.norge.no derives catalog ids this way
 * from resource IRIs, so our ids match theirs.
 */
export function uuidV3(name: string): string {
  const b = createHash('md5').update(name, 'utf8').digest();
  b[6] = (b[6]! & 0x0f) | 0x30;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
