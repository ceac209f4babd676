import { describe, expect, it } from 'vitest';
import { longestReferenceChain, referencesOf } from '../../../harvesters/openapi/reference-chains.js';

describe('the references of a document', () => {
  it('lists every pointer into the document, in arrays and nested objects, once per object', () => {
    const shared = { $ref: '#/components/schemas/B' };
    const doc = { paths: { '/a': { get: { responses: { 200: shared, 404: shared } } } }, components: { schemas: { A: { allOf: [{ $ref: '#/components/schemas/B' }] }, B: { type: 'string' } } } };
    expect([...referencesOf(doc).internal].sort()).toEqual(['#/components/schemas/B', '#/components/schemas/B']);
    expect(referencesOf(doc).external).toBe(false);
  });

  it('says a document refers to another one only for a non-empty $ref not starting with "#"', () => {
    expect(referencesOf({ a: { $ref: 'common.yaml#/components/schemas/X' } }).external).toBe(true);
    expect(referencesOf({ a: [{ $ref: 'https://example.org/schemas.json' }] }).external).toBe(true);
    expect(referencesOf({ a: { $ref: '#' }, b: { $ref: '' }, c: { $ref: 7 }, d: { $ref: '#/x' } }).external).toBe(false);
  });

  it('measures the longest chain of references from the pointers it is given, and finds a cycle', () => {
    const chain = { components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/C' }, C: { type: 'string' } } } };
    expect(longestReferenceChain(chain)).toEqual({ length: 2 });
    expect(longestReferenceChain(chain, referencesOf(chain).internal)).toEqual({ length: 2 });
    const cycle = { components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } } };
    expect(longestReferenceChain(cycle).cycle).toMatch(/^#\/components\/schemas\/[AB]$/);
  });
});
