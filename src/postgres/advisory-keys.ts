import { createHash } from 'node:crypto';

/**
 * The two 32-bit keys of a PostgreSQL advisory lock for one purpose in one schema (the migrations, the
 * change log, a lease): stable across processes, so every node of a catalog takes the same lock.
 */
export function advisoryKey(schema: string, purpose: string): [number, number] {
  return [int32(`datakatalog:${purpose}`), int32(schema)];
}

/** The class key of the locks that say a node is alive (its second key is the node's own). */
export function nodeLockClass(schema: string): number {
  return int32(`datakatalog:node:${schema}`);
}

function int32(text: string): number {
  return createHash('sha256').update(text).digest().readInt32BE(0);
}
