import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { IndexedDataset } from '../../src/validation/indexed-dataset.js';

const { namedNode, literal, quad } = DataFactory;
const EX = 'https://example.org/';
const a = quad(namedNode(`${EX}a`), namedNode(`${EX}p`), literal('1'));
const b = quad(namedNode(`${EX}a`), namedNode(`${EX}q`), namedNode(`${EX}b`));
const c = quad(namedNode(`${EX}c`), namedNode(`${EX}p`), namedNode(`${EX}b`));

describe('IndexedDataset (quads are indexed when first read)', () => {
  it('holds each quad once, however often it was added, before and after the first read', () => {
    const dataset = new IndexedDataset([a, b, a]);
    expect(dataset.size).toBe(2);
    dataset.add(a).add(c).add(c);
    expect(dataset.size).toBe(3);
    expect([...dataset]).toEqual([a, b, c]);
  });

  it('answers matches with quads added after an earlier read', () => {
    const dataset = new IndexedDataset([a]);
    expect(dataset.find(null, namedNode(`${EX}p`), null)).toEqual([a]);
    dataset.add(c);
    expect(dataset.find(null, namedNode(`${EX}p`), null)).toEqual([a, c]);
    expect(dataset.find(namedNode(`${EX}a`), null, null)).toEqual([a]);
    expect(dataset.find(null, null, namedNode(`${EX}b`))).toEqual([c]);
    expect([...dataset.match(null, null, namedNode(`${EX}b`))]).toEqual([c]);
  });

  it('knows a quad that is added but not yet indexed, and deletes it', () => {
    const dataset = new IndexedDataset();
    dataset.add(b);
    expect(dataset.has(b)).toBe(true);
    dataset.add(a);
    dataset.delete(b);
    expect(dataset.has(b)).toBe(false);
    expect([...dataset]).toEqual([a]);
  });

  it('builds its look-up maps only for a find, not when it is only iterated, counted or asked has (a result copied into the report)', () => {
    const dataset = new IndexedDataset([a, b, a]);
    expect([...dataset]).toEqual([a, b]);
    expect(dataset.size).toBe(2);
    expect(dataset.has(b)).toBe(true);
    expect(dataset.find(null, null, null)).toEqual([a, b]);
    expect(dataset.lookedUp).toBe(false);
    expect(dataset.find(namedNode(`${EX}a`), namedNode(`${EX}q`), null)).toEqual([b]);
    expect(dataset.lookedUp).toBe(true);
  });

  it('looks up quads taken in before and after the maps were built, and forgets a deleted one', () => {
    const dataset = new IndexedDataset([a]);
    expect(dataset.size).toBe(1);
    dataset.add(b);
    expect(dataset.find(namedNode(`${EX}a`), null, null)).toEqual([a, b]);
    dataset.add(c).add(b);
    expect(dataset.find(null, namedNode(`${EX}p`), namedNode(`${EX}b`))).toEqual([c]);
    dataset.delete(a);
    expect(dataset.find(namedNode(`${EX}a`), null, null)).toEqual([b]);
    expect(dataset.find(null, namedNode(`${EX}p`), null)).toEqual([c]);
    expect([...dataset]).toEqual([b, c]);
    expect(dataset.has(a)).toBe(false);
  });
});
