/**
 * Seals secrets the catalog must keep but never show (a protected source's authentication header).
 * `context` binds a sealed value to what it belongs to (the source id): it does not open elsewhere.
 * Adapter: src/secrets (AES-256-GCM with the key SOURCE_SECRET_KEY).
 */
export interface SecretBox {
  seal(plain: string, context: string): string;
  /** Throws when the value was sealed with another key or for another context, or was altered. */
  open(sealed: string, context: string): string;
}
