import { describe, expect, it } from 'vitest';
import { autoReplicas, TWO_REPLICAS_UP_TO } from '../../src/sparql/oxigraph/auto-replicas.js';

describe('SPARQL_WORKERS=auto', () => {
  it('keeps two replicas up to TWO_REPLICAS_UP_TO published records and one above', () => {
    expect(TWO_REPLICAS_UP_TO).toBe(40_000);
    expect([0, TWO_REPLICAS_UP_TO, TWO_REPLICAS_UP_TO + 1, 1_000_000].map(autoReplicas)).toEqual([2, 2, 1, 1]);
  });
});
