// A worker thread of the document-validation pool (POST /api/validate): parses a document sent by an
// anonymous client, refuses it past the triple cap, and validates it. Its heap is capped by the pool
// (resourceLimits), so a document that needs more memory ends this thread, not the process.
import { parentPort, workerData } from 'node:worker_threads';
import { tripleToNTriples } from '../rdf/ntriples.js';
import { parseRdf, RdfParseError } from '../rdf/parse.js';
import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import type { DataDirectories } from './data-directories.js';
import type { DocumentReply, DocumentRequest, DocumentVocabulary, DocumentWorkerReady } from './document-protocol.js';
import { EngineRegistry } from './engine-registry.js';
import { validateRecordNTriples } from './record-validation.js';

const port = parentPort!;
const { dirs, profiles, harvested } = workerData as { dirs: DataDirectories; profiles: readonly string[]; harvested: readonly HarvestedConcept[] };
const registry = new EngineRegistry(dirs);
try {
  registry.useHarvested(harvested);
  for (const p of profiles) registry.engine(p);
  port.postMessage({ ready: true } satisfies DocumentWorkerReady);
} catch (error) {
  port.postMessage({ ready: true, error: (error as Error).message } satisfies DocumentWorkerReady);
}

/** Thrown from onQuad to stop the parse at the cap. */
class TooManyTriples extends Error {}

async function validate(request: DocumentRequest): Promise<DocumentReply> {
  const lines: string[] = [];
  try {
    await parseRdf(request.body, {
      syntax: request.syntax,
      baseIri: 'urn:datakatalog:validate:',
      blankNodePrefix: 'b',
      onQuad: (quad) => {
        if (lines.length >= request.maxTriples) throw new TooManyTriples();
        lines.push(tripleToNTriples(quad));
      },
    });
  } catch (error) {
    if (error instanceof TooManyTriples) {
      return { id: request.id, ok: false, kind: 'too-many-triples', message: `more than ${request.maxTriples} triples` };
    }
    if (error instanceof RdfParseError) {
      return { id: request.id, ok: false, kind: 'unreadable', message: error.message, ...(error.line !== undefined ? { line: error.line } : {}) };
    }
    throw error;
  }
  const report = await validateRecordNTriples(registry, lines.join('\n') + '\n', request.profile);
  return { id: request.id, ok: true, triples: lines.length, report };
}

port.on('message', (request: DocumentRequest | DocumentVocabulary) => {
  if ('vocabulary' in request) {
    try {
      registry.useHarvested(request.vocabulary);
    } catch {
      // Keeps the background it had: the next document is validated as before, and the worker's start reported any fault in the shapes or vocabularies.
    }
    return;
  }
  validate(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies DocumentReply),
  );
});
