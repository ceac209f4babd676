// The pass/fail suites of ../shared/corpus/openapi-validity (Mermade openapi3-examples and the OpenAPI
// Initiative's 3.1 schema tests, see its MANIFEST.md): every `pass` document has no schema error, every
// `fail` document is flagged (a schema problem, a rule problem, an unfollowable $ref, or refused).
import { existsSync, readdirSync, statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOpenApi, type ParseOutcome } from '../../../harvesters/openapi/parse-openapi.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../../shared/corpus/openapi-validity');
const present = existsSync(path.join(corpus, 'MANIFEST.md'));
if (!present) console.warn(`OpenAPI validity suites skipped: the corpus is not at ${corpus} (it lives outside the repository).`);

/**
 * `pass` documents this catalog disagrees with, each for a stated reason (also in harvesters/openapi/README.md).
 * The disagreement is reported on the record; the document is still read.
 */
const DISAGREEMENTS: Record<string, string> = {
  'Mermade-openapi3-examples/3.0/pass/gluecon/example1_from_._Different_requestbody.md.yaml': 'swagger: 2.0 is a YAML number; the Swagger 2.0 schema requires the string "2.0" (and `examples` on a body parameter)',
  'Mermade-openapi3-examples/3.0/pass/gluecon/example1_from_._Different_servers.md.yaml': 'swagger: 2.0 is a YAML number; the Swagger 2.0 schema requires the string "2.0"',
  'Mermade-openapi3-examples/3.0/pass/server_enum_unknown.yaml': 'OpenAPI 3.0 without paths: the official 3.0 schema requires paths',
  'Mermade-openapi3-examples/3.0/pass/server_enum_empty.yaml': 'OpenAPI 3.0 without paths: the official 3.0 schema requires paths',
  'Mermade-openapi3-examples/3.0/pass/fiendish/ref-encoding2.yaml': 'a Swagger 2.0 document whose $ref points at #/components, which Swagger 2.0 has not got',
  'Mermade-openapi3-examples/3.0/pass/fiendish/ref-encoding3.yaml': 'a $ref to …/with+space: "+" is not a space in a URI fragment, so the pointer names no property',
  'OAI-OpenAPI-Specification/tests/schema/pass/servers.yaml': "swagger-parser 12's bundled 3.1 schema rejects a server variable's description (unevaluatedProperties), which the current 3.1 schema allows",
  'OAI-OpenAPI-Specification/tests/schema/pass/path_item_servers_parameters.yaml': "swagger-parser 12's bundled 3.1 schema rejects parameters and links the current 3.1 schema allows (unevaluatedProperties)",
  'OAI-OpenAPI-Specification/tests/schema/pass/security-scheme-object-examples.yaml': 'a $ref to https://example.com/api/openapi.json, which a test without network cannot read',
};

/** `fail` documents this catalog reads anyway, each for a stated reason (also in harvesters/openapi/README.md). */
const READ_ANYWAY: Record<string, string> = {
  'Mermade-openapi3-examples/3.0/fail/OAI/api-with-examples.yaml':
    "a flow mapping's closing brace is indented less than its key; js-yaml (which reads 2.8 MB in 0.8 s, where the strict yaml library takes 6.7 s) accepts it, and the document is otherwise valid",
};

function documents(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return documents(full);
    return /\.(ya?ml|json)$/.test(name) ? [full] : [];
  });
}

async function read(file: string): Promise<ParseOutcome> {
  // References stay inside the suite's folder (3.0/, 3.1/, tests/schema/): the suites share resources/ and partial/.
  const localRoot = file.replace(/\/(pass|fail)\/.*$/, '');
  return parseOpenApi({ body: readFileSync(file), location: file, localRoot, maxReferencedDocuments: 20, maxReferencedBytes: 5_000_000 }, async (url) => {
    throw new Error(`the suites are read offline (${url})`);
  });
}

describe.skipIf(!present)('conformance: the openapi-validity suites', () => {
  const all = present ? documents(corpus).map((f) => path.relative(corpus, f)) : [];
  const empty = all.filter((f) => /\/pass\//.test(f) && statSync(path.join(corpus, f)).size === 0);
  // Entry documents only: twolevel/subdir1/… are the fragments index.yaml references.
  const pass = all.filter((f) => /\/pass\//.test(f) && !empty.includes(f) && !/resolution\/twolevel\/subdir1\//.test(f) && !/_archive_/.test(f));
  const fail = all.filter((f) => /\/fail\//.test(f));

  it('every pass document has no schema error (the disagreements listed apart)', async () => {
    expect(pass.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const file of pass) {
      const outcome = await read(path.join(corpus, file));
      const schemaErrors = outcome.ok ? [...outcome.schemaProblems.filter((p) => p.kind === 'schema').map((p) => `${p.at}: ${p.message}`), ...outcome.referenceProblems] : [outcome.message];
      const disagreed = file in DISAGREEMENTS;
      if (schemaErrors.length > 0 && !disagreed) wrong.push(`${file}: ${schemaErrors.slice(0, 3).join('; ')}`);
      if (schemaErrors.length === 0 && disagreed) wrong.push(`${file} is listed as a disagreement but now passes: take it off the list`);
    }
    console.info(`openapi-validity: ${pass.length - Object.keys(DISAGREEMENTS).length} of ${pass.length} pass documents without a schema error; ${Object.keys(DISAGREEMENTS).length} disagreements listed with reasons`);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('every fail document is flagged', async () => {
    expect(fail.length).toBeGreaterThan(100);
    const missed: string[] = [];
    for (const file of fail) {
      const outcome = await read(path.join(corpus, file));
      const flagged = !outcome.ok || outcome.schemaProblems.length > 0 || outcome.referenceProblems.length > 0;
      if (!flagged) missed.push(file);
    }
    console.info(`openapi-validity: ${fail.length - missed.length} of ${fail.length} fail documents flagged`);
    expect(missed).toEqual(Object.keys(READ_ANYWAY));
  }, 120_000);

  it('the empty files among the pass documents are refused as empty, not as broken', async () => {
    expect(empty.length).toBeGreaterThan(0);
    for (const file of empty) {
      const outcome = await read(path.join(corpus, file));
      expect(outcome).toEqual({ ok: false, message: 'The document is empty, not an OpenAPI description (an object with an "openapi" or "swagger" field).' });
    }
  });
});
