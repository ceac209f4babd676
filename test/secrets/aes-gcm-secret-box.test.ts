import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox } from '../../src/secrets/aes-gcm-secret-box.js';

describe('sealing secrets with AES-256-GCM', () => {
  const box = new AesGcmSecretBox(randomBytes(32));

  it('opens what it sealed for the same context, and seals the same value differently each time', () => {
    const a = box.seal('Bearer abc', 'source-1');
    const b = box.seal('Bearer abc', 'source-1');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('abc');
    expect(box.open(a, 'source-1')).toBe('Bearer abc');
    expect(box.open(b, 'source-1')).toBe('Bearer abc');
  });

  it('does not open a value for another context, with another key, or altered', () => {
    const sealed = box.seal('Bearer abc', 'source-1');
    expect(() => box.open(sealed, 'source-2')).toThrow();
    expect(() => new AesGcmSecretBox(randomBytes(32)).open(sealed, 'source-1')).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    expect(() => box.open(`v1.${bytes.toString('base64url')}`, 'source-1')).toThrow();
    expect(() => box.open('v0.abc', 'source-1')).toThrow(/not in a form/);
  });

  it('takes only a 256-bit key', () => {
    expect(() => new AesGcmSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
