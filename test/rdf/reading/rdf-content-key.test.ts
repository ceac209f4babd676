import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalNTriples } from '../../../src/rdf/ntriples.js';
import { parseRdfToArray } from '../../../src/rdf/parse.js';
import { canonicalTurtleText, rdfContentKey } from '../../../src/rdf/reading/rdf-content-key.js';

const BASE = 'https://data.example.no/katalog.ttl';
const key = (text: string, contentType: string | undefined = 'text/turtle', url = BASE): string | undefined =>
  rdfContentKey({ body: Buffer.from(text, 'utf8'), contentType, url });
const canonical = (text: string): string | undefined => {
  const out = canonicalTurtleText(Buffer.from(text, 'utf8'));
  return out === undefined ? undefined : Buffer.from(out).toString('utf8');
};
const graphOf = async (text: string): Promise<string> => canonicalNTriples(await parseRdfToArray(text, { syntax: 'turtle', baseIri: BASE }));

const DOCUMENT = `@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://data.example.no/> .
# Eksportert 2025-01-01
ex:a dct:title "Luft # ikke en kommentar"@nb ;   # en kommentar
     dct:description """Første linje
  andre   linje med "sitat" og ""to"" og # ingen kommentar"""@nb ;
     dct:identifier 'a\\'b' , "c\\"d" ;
     dct:relation <https://data.example.no/a#b> , ex:x\\#y .
`;

describe('the content key of an RDF document', () => {
  it('is the same for a Turtle document rewritten with other comments, line breaks and indentation, which parses to the same graph', async () => {
    const rewritten = `# Eksportert 2026-12-06T00:00:00Z\r\n${DOCUMENT.replaceAll(' ;\n', ' ;\r\n\t  ').replaceAll(' .\n', '\t.\n\n').replace('# en kommentar', '#annen kommentar # med mer')}\n\n# slutt`;
    expect(await graphOf(rewritten)).toBe(await graphOf(DOCUMENT));
    expect(key(rewritten)).toBe(key(DOCUMENT));
    expect(key(DOCUMENT)).toMatch(/^turtle /);
  });

  it('differs when anything inside a string, an IRI or a token differs, and what stays keeps its bytes', async () => {
    const changes = [
      DOCUMENT.replace('Luft # ikke', 'Luft  # ikke'), // two spaces in a short string
      DOCUMENT.replace('# ikke en kommentar', '# ikke en kommentar!'), // a '#' inside a string is not a comment
      DOCUMENT.replace('andre   linje', 'andre linje'), // white space in a long string
      DOCUMENT.replace('# ingen kommentar"""', '# ingen  kommentar"""'),
      DOCUMENT.replace('""to""', '"to"'),
      DOCUMENT.replace("'a\\'b'", "'a\\'c'"),
      DOCUMENT.replace('a#b>', 'a#c>'), // a '#' inside an IRI
      DOCUMENT.replace('ex:x\\#y', 'ex:x\\#z'), // an escaped '#' in a local name
      DOCUMENT.replace('"@nb ;', '"@nn ;'),
    ];
    const base = key(DOCUMENT);
    for (const changed of changes) {
      expect(changed).not.toBe(DOCUMENT);
      expect(await graphOf(changed)).not.toBe(await graphOf(DOCUMENT));
      expect(key(changed)).not.toBe(base);
    }
    expect(canonical(DOCUMENT)).toContain('"Luft # ikke en kommentar"@nb ; dct:description """Første linje\n  andre   linje med "sitat" og ""to"" og # ingen kommentar"""@nb ;');
    expect(canonical(DOCUMENT)).toContain('<https://data.example.no/a#b> , ex:x\\#y .');
    expect(canonical(DOCUMENT)).not.toContain('Eksportert');
  });

  it('has no canonical text when a long string ends in a quote (n3 closes it at the first three quotes, the grammar at the last three)', () => {
    expect(canonical('<https://a.no/s> <https://a.no/p> """slutter med sitat"""" . # kommentar\n')).toBeUndefined();
    expect(canonical("<https://a.no/s> <https://a.no/p> '''to ''''' .")).toBeUndefined();
    expect(canonical('<https://a.no/s> <https://a.no/p> """et ""sitat"" inni""" . # kommentar\n')).toBe('<https://a.no/s> <https://a.no/p> """et ""sitat"" inni""" .');
  });

  it('depends on the syntax read and the base IRI, and compares other syntaxes and broken text by their bytes', () => {
    expect(key(DOCUMENT, 'application/trig')).not.toBe(key(DOCUMENT));
    expect(key(DOCUMENT, 'text/turtle', 'https://data.example.no/annen.ttl')).not.toBe(key(DOCUMENT));
    expect(key('<https://a.no/s> <https://a.no/p> "o" .\n', 'application/n-triples')).toMatch(/^n-triples /);
    expect(key(DOCUMENT, undefined)).toBe(key(DOCUMENT)); // the file name says Turtle
    expect(key('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', 'application/rdf+xml')).toBeUndefined();
    expect(key('{"@id": "https://a.no/s"}', 'application/ld+json')).toBeUndefined();
    // Ends inside a string or an IRI, or an IRI with a space: no canonical text.
    expect(canonical('<https://a.no/s> <https://a.no/p> "åpen')).toBeUndefined();
    expect(canonical('<https://a.no/s> <https://a.no/p> """åpen\n')).toBeUndefined();
    expect(canonical('<https://a.no/s> <https://a.no/p> "linje\nskift" .')).toBeUndefined();
    expect(canonical('<https://a.no/s mellomrom> <https://a.no/p> "o" .')).toBeUndefined();
    expect(canonical('<https://a.no/s> <https://a.no/p> <https://a.no/o')).toBeUndefined();
    expect(key('<https://a.no/s mellomrom> <https://a.no/p> "o" .')).toBeUndefined();
  });

  it('is read without a copy of the document (what it allocates outside the heap does not grow with the document), and is still the SHA-256 of the whole canonical text, so the keys earlier harvests stored stay valid', () => {
    // The text goes to the hash in pieces: far more than one 64 KiB piece of canonical text, with a long string of 200 KB inside.
    const long = `"""${'lang tekst med æøå og # ingen kommentar\n'.repeat(5000)}"""`;
    const text = `${DOCUMENT}\n${Array.from({ length: 4000 }, (_, i) => `ex:d${i}   dct:title  "Datasett ${i}"@nb ;  # kommentar ${i}\n   dct:description ${i === 2000 ? long : `"Beskrivelse ${i}"`} .`).join('\n')}\n`;
    const whole = canonical(text)!;
    expect(whole.length).toBeGreaterThan(300_000);
    expect(whole).toContain(`ex:d2000 dct:title "Datasett 2000"@nb ; dct:description ${long} .`);
    expect(key(text)).toBe(`turtle ${BASE} ${createHash('sha256').update(whole).digest('base64url')}`);

    const body = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `<https://data.example.no/d${i}> <http://purl.org/dc/terms/title> "Datasett ${i}"@nb . # ${i}`).join('\n'), 'utf8');
    expect(body.length).toBeGreaterThan(3_000_000);
    // Read right after the call, before any collection can run: a copy made inside it is still counted.
    const before = process.memoryUsage().arrayBuffers;
    expect(rdfContentKey({ body, contentType: 'application/n-triples', url: BASE })).toMatch(/^n-triples /);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(body.length / 10);
  });
});
