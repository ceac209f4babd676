import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import {
  DocumentReadError,
  type Harvester,
  type HarvestedRecord,
  type SplitContext,
  type SplitResult,
} from '../../../src/core/ports/harvester.js';
import type { Problem } from '../../../src/core/problem.js';
import type { ResourceKind } from '../../../src/core/resource-kind.js';
import { DCAT, DCT, RDF } from '../../../src/rdf/namespaces.js';

const { namedNode, literal, quad } = DataFactory;

/** The JSON a linked-notes source publishes: resources, each with a title and a document describing it. */
export interface LinkedNotes {
  readonly items: ReadonlyArray<{ readonly iri: string; readonly title: string; readonly kind?: ResourceKind; readonly describedBy?: string }>;
}

/**
 * A small non-RDF harvester for testing the port: its own JSON reader, and a split that fetches the
 * document each item references through the pipeline (conditionally: an unchanged document comes back
 * as the memo it was remembered with). What the harvesters of OpenAPI documents will do, in miniature.
 */
export function createLinkedNotesHarvester(profiles: Harvester['profiles'] = { dataset: ['dcat-ap-no-2', 'dcat-ap-no-3'] }): Harvester<LinkedNotes> {
  return {
    kind: 'linked-notes',
    accept: 'application/json',
    profiles,
    reader: {
      async read(documents) {
        const entry = await documents.fetch({ url: documents.entryUrl });
        if (entry.kind === 'not-modified') return { kind: 'not-modified', documents: 1 };
        try {
          return { kind: 'read', payload: JSON.parse(entry.body.toString('utf8')) as LinkedNotes, documents: 1, notes: [] };
        } catch (error) {
          throw new DocumentReadError('parse', entry.url, `${entry.url} is not JSON: ${(error as Error).message}`);
        }
      },
    },
    async split(payload: LinkedNotes, context: SplitContext): Promise<SplitResult> {
      const records: HarvestedRecord[] = [];
      for (const item of payload.items) {
        const s = namedNode(item.iri);
        const quads: Quad[] = [quad(s, namedNode(RDF.type), namedNode(DCAT.Dataset)), quad(s, namedNode(DCT.title), literal(item.title, 'nb'))];
        const problems: Problem[] = [];
        if (item.describedBy !== undefined) {
          try {
            const doc = await context.documents.fetch({ url: item.describedBy, accept: 'text/plain' });
            const text = doc.kind === 'document' ? doc.body.toString('utf8') : doc.memo.text!;
            if (doc.kind === 'document') context.documents.remember(item.describedBy, { text });
            quads.push(quad(s, namedNode(DCT.description), literal(text, 'nb')));
          } catch (error) {
            if (!(error instanceof DocumentReadError)) throw error;
            problems.push({ kind: 'fetch', message: `The document describing this resource could not be read: ${error.message}` });
          }
        }
        records.push({ iri: item.iri, kind: item.kind ?? 'dataset', quads, catalogIri: null, ...(problems.length > 0 ? { problems } : {}) });
      }
      return { records, problems: [] };
    },
  };
}
