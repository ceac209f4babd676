import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRdf, RdfParseError } from '../../src/rdf/parse.js';
import { chooseSyntax, SYNTAX_NAMES } from '../../src/rdf/syntax.js';

/**
 * Every file of the real-world FDK snapshots (2016–2017 Norwegian catalogs) either parses or fails with
 * an RdfParseError that says why; nothing else may escape parseRdf. The syntax is chosen the way a
 * harvest does it: from the file name and the first bytes.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../shared/corpus');
const realWorld = path.join(corpus, 'fdk/real-world');

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [full];
    })
    .sort();
}

describe.skipIf(!existsSync(realWorld))('the real-world FDK corpus', () => {
  it('parses every file or fails with an RdfParseError carrying a message', async () => {
    const parsed: string[] = [];
    const refused: string[] = [];
    const notRdf: string[] = [];
    for (const file of files(realWorld)) {
      const name = path.relative(realWorld, file);
      const bytes = readFileSync(file);
      const choice = chooseSyntax({ url: file, head: bytes.subarray(0, 4096).toString('utf8') });
      if (!choice.ok) {
        notRdf.push(`${name}: ${choice.reason}`);
        continue;
      }
      let quads = 0;
      try {
        const result = await parseRdf(bytes, { syntax: choice.syntax, baseIri: `https://corpus.invalid/${name}`, onQuad: () => quads++ });
        expect(result.quads).toBe(quads);
        parsed.push(`${name}: ${result.quads} quads (${SYNTAX_NAMES[choice.syntax]}, ${choice.by})`);
      } catch (error) {
        if (!(error instanceof RdfParseError)) throw new Error(`${name}: parseRdf threw ${String(error)} instead of an RdfParseError`, { cause: error });
        expect(error.message.length).toBeGreaterThan(10);
        refused.push(`${name}: ${error.message}`);
      }
    }
    console.log(
      `real-world corpus: ${parsed.length} parsed, ${refused.length} refused with an RdfParseError, ${notRdf.length} not RDF\n` +
        [...parsed, ...refused, ...notRdf].map((l) => `  ${l}`).join('\n'),
    );
    expect(parsed.length).toBeGreaterThan(0);
  });
});
describe.skipIf(!existsSync(corpus))('every RDF file of the shared corpus', () => {
  it('parses or fails with an RdfParseError, never anything else', async () => {
    const counts = { parsed: 0, refused: 0, unchosen: 0 };
    const reasons = new Map<string, number>();
    for (const file of files(corpus).filter((f) => /\.(ttl|trig|nt|nq|n3|rdf|owl|xml|jsonld)$/i.test(f))) {
      const bytes = readFileSync(file);
      const choice = chooseSyntax({ url: file, head: bytes.subarray(0, 4096).toString('utf8') });
      if (!choice.ok) {
        counts.unchosen++;
        continue;
      }
      try {
        await parseRdf(bytes, { syntax: choice.syntax, baseIri: 'https://corpus.invalid/', onQuad: () => {} });
        counts.parsed++;
      } catch (error) {
        if (!(error instanceof RdfParseError)) throw new Error(`${path.relative(corpus, file)}: parseRdf threw ${String(error)} instead of an RdfParseError`, { cause: error });
        counts.refused++;
        const key = `${SYNTAX_NAMES[error.syntax]}: ${error.reason.slice(0, 60)}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`shared corpus: ${counts.parsed} parsed, ${counts.refused} refused, ${counts.unchosen} with no syntax; commonest refusals:\n${top.map(([r, n]) => `  ${n} × ${r}`).join('\n')}`);
    expect(counts.parsed).toBeGreaterThan(100);
  });
});

if (!existsSync(realWorld)) console.warn(`Skipping the real-world corpus test: ${realWorld} is absent.`);
