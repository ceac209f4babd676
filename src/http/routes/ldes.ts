import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import express, { type Request, type Response, type Router } from 'express';
import { BadRequestError } from '../../core/errors.js';
import type { Store } from '../../core/ports/store.js';
import { VersionReplay, type RecordVersionDelta } from '../../core/record-version.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { AS, DCT, LDES, PROV, RDF, RDFS, TREE, XSD } from '../../rdf/namespaces.js';
import { serializeQuads } from '../../rdf/serialize.js';
import { isNotModified } from '../conditional-get.js';
import { excerpt } from '../echo.js';
import { chooseOffer, type Offer } from '../negotiation.js';
import { queryParameters } from './search-request.js';

export interface LdesRouterOptions {
  readonly store: Store;
  readonly baseUrl: string;
  /** HISTORY_RETENTION in ms; 0 keeps every member. */
  readonly retentionMs: number;
  /** Members per page. Default 250. */
  readonly pageSize?: number;
  /** The most triples of member graphs one page holds; a page always holds at least one member. Default LDES_PAGE_TRIPLES. */
  readonly pageTriples?: number;
}

/**
 * The most triples of member graphs one page holds, by default: 250 members of 50 000 triples each
 * made one page of 12.5 million triples (about 20 GB of memory and minutes of work).
 */
export const LDES_PAGE_TRIPLES = 100_000;

const { namedNode, literal, quad, blankNode } = DataFactory;

const OFFERS: readonly Offer<{ format: 'trig' | 'n-quads'; contentType: string }>[] = [
  { accept: 'application/trig', value: { format: 'trig', contentType: 'application/trig; charset=utf-8' } },
  { accept: 'application/n-quads', value: { format: 'n-quads', contentType: 'application/n-quads; charset=utf-8' } },
];

/**
 * The catalog as a Linked Data Event Stream (SEMIC LDES 1.0 on TREE), so an LDES client can replicate it:
 *
 *   GET /ldes              the ldes:EventStream and its view (the root tree:Node): a relation to the first page
 *   GET /ldes/page?after=N a page: the members after log position N, oldest first, and, when the page is
 *                          full (its count of members, or of triples: pageTriples), a
 *                          tree:GreaterThanOrEqualToRelation on the timestamp to the next page
 *
 * Every published version of a record (src/core/record-version.ts) is one immutable member,
 * `{record URI}?version=N` (which dereferences to the same graph): in the default graph its
 * `dct:isVersionOf` (the record URI), its `prov:generatedAtTime` and its kind of change (`as:Create`,
 * `as:Update`, `as:Delete` on `rdf:type`, the stream's `ldes:versionDeletePath` and
 * `ldes:versionDeleteObject`); in the named graph of the member IRI, the record's whole resource
 * graph at that version (empty for a deletion). Members are ordered by the change log, whose times
 * never go back, so each relation's bound holds for everything reachable through it. TriG (default)
 * or N-Quads by Accept. With HISTORY_RETENTION the view states the retention policy (LDES 1.0 §4.4):
 * every member newer than the retention is kept, and beyond it the newest version of each record.
 */
export function ldesRouter(options: LdesRouterOptions): Router {
  const router = express.Router();
  const { store, baseUrl } = options;
  const pageSize = options.pageSize ?? 250;
  const pageTriples = options.pageTriples ?? LDES_PAGE_TRIPLES;
  const streamIri = namedNode(`${baseUrl}/ldes#stream`);
  const viewIri = namedNode(`${baseUrl}/ldes`);
  const pageIri = (after: number) => namedNode(`${baseUrl}/ldes/page?after=${after}`);
  const time = (at: string) => literal(new Date(at).toISOString(), namedNode(XSD.dateTime));

  const streamQuads = (): Quad[] => [
    quad(streamIri, namedNode(RDF.type), namedNode(LDES.EventStream)),
    quad(streamIri, namedNode(LDES.timestampPath), namedNode(PROV.generatedAtTime)),
    quad(streamIri, namedNode(LDES.versionOfPath), namedNode(DCT.isVersionOf)),
    quad(streamIri, namedNode(LDES.versionDeletePath), namedNode(RDF.type)),
    quad(streamIri, namedNode(LDES.versionDeleteObject), namedNode(AS.Delete)),
    quad(streamIri, namedNode(DCT.title), literal('Datakatalog: every published version of every record', 'en')),
    quad(streamIri, namedNode(TREE.view), viewIri),
  ];

  const send = async (req: Request, res: Response, quads: Quad[], etag: string, immutable: boolean): Promise<void> => {
    const offer = chooseOffer(req, OFFERS, 'the event stream').value;
    const tag = `"${etag}-${offer.format}"`;
    res.setHeader('Vary', 'Accept');
    res.setHeader('ETag', tag);
    res.setHeader('Cache-Control', immutable ? 'public, max-age=86400, immutable' : 'no-cache');
    if (isNotModified(req, { etag: tag })) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', offer.contentType);
    res.send(await serializeQuads(quads, offer.format));
  };

  router.get('/ldes', async (req, res) => {
    const bounds = await store.versionBounds();
    const [first] = await store.versionsSince(Math.max(bounds.first - 1, 0), 1);
    const quads = streamQuads();
    quads.push(quad(viewIri, namedNode(RDF.type), namedNode(TREE.Node)));
    const relation = blankNode('first');
    quads.push(
      quad(viewIri, namedNode(TREE.relation), relation),
      quad(relation, namedNode(RDF.type), namedNode(TREE.GreaterThanOrEqualToRelation)),
      quad(relation, namedNode(TREE.path), namedNode(PROV.generatedAtTime)),
      quad(relation, namedNode(TREE.value), time(first?.at ?? new Date(0).toISOString())),
      quad(relation, namedNode(TREE.node), pageIri(Math.max(bounds.first - 1, 0))),
    );
    if (options.retentionMs > 0) {
      const policy = namedNode(`${baseUrl}/ldes#retention`);
      quads.push(
        quad(viewIri, namedNode(RDF.type), namedNode(LDES.EventSource)),
        quad(viewIri, namedNode(LDES.retentionPolicy), policy),
        quad(policy, namedNode(RDF.type), namedNode(LDES.RetentionPolicy)),
        quad(policy, namedNode(LDES.fullLogDuration), literal(`PT${Math.round(options.retentionMs / 1000)}S`, namedNode(XSD.duration))),
        quad(policy, namedNode(LDES.versionAmount), literal('1', namedNode(XSD.integer))),
      );
    } else {
      quads.push(quad(viewIri, namedNode(RDFS.comment), literal('Every member is kept: this stream has no retention policy (HISTORY_RETENTION is not set).', 'en')));
    }
    await send(req, res, quads, `v-${bounds.first}-${bounds.last}`, false);
  });

  router.get('/ldes/page', async (req, res) => {
    const params = queryParameters(req.originalUrl);
    for (const name of params.keys()) if (name !== 'after') throw new BadRequestError(`Unknown parameter "${excerpt(name)}": an LDES page takes only after.`);
    const raw = params.get('after');
    if (raw === undefined || raw.length !== 1 || !/^\d{1,15}$/.test(raw[0]!)) throw new BadRequestError('after must be given once, as a whole number (a position in the change log; the view links the first page).');
    const after = Number(raw[0]);
    const candidates = await store.versionsSince(after, pageSize);
    const page = pageIri(after);
    const quads: Quad[] = [quad(page, namedNode(RDF.type), namedNode(TREE.Node))];
    // Each record's versions are replayed forward once for all its members on the page, and the page ends
    // once its member graphs pass pageTriples (the next page begins after its last member).
    // From the first of a record's versions on the page (replayed from the whole graph before it) to its last.
    const span = new Map<string, { from: number; upTo: number }>();
    for (const m of candidates) {
      const s = span.get(m.recordId);
      if (s === undefined) span.set(m.recordId, { from: m.version, upTo: m.version });
      else s.upTo = Math.max(s.upTo, m.version);
    }
    const replays = new Map<string, VersionReplay>();
    const graphOf = async (m: RecordVersionDelta): Promise<string | undefined> => {
      let replay = replays.get(m.recordId);
      if (replay === undefined) {
        const { from, upTo } = span.get(m.recordId)!;
        replays.set(m.recordId, (replay = new VersionReplay(await store.versionDeltas(m.recordId, upTo, from))));
      }
      return replay.graphAt(m.version);
    };
    const members: RecordVersionDelta[] = [];
    let triples = 0;
    for (const member of candidates) {
      if (triples >= pageTriples) break;
      members.push(member);
      // One at a time: a member graph of more than about 130 000 triples is past what a call's arguments hold.
      for (const q of memberQuads(member, member.op === 'remove' ? undefined : await graphOf(member))) {
        quads.push(q);
        if (q.graph.termType === 'NamedNode') triples++;
      }
    }
    const full = members.length === pageSize || members.length < candidates.length;
    const last = members[members.length - 1];
    if (full && last !== undefined) {
      const relation = blankNode('next');
      quads.push(
        quad(page, namedNode(TREE.relation), relation),
        quad(relation, namedNode(RDF.type), namedNode(TREE.GreaterThanOrEqualToRelation)),
        quad(relation, namedNode(TREE.path), namedNode(PROV.generatedAtTime)),
        quad(relation, namedNode(TREE.value), time(last.at)),
        quad(relation, namedNode(TREE.node), pageIri(last.seq)),
      );
    }
    // A full page never changes (unless the retention policy drops members from it); the last one grows.
    await send(req, res, quads, `p-${after}-${last?.seq ?? 0}`, full && options.retentionMs <= 0);
  });

  const memberQuads = (v: RecordVersionDelta, graph: string | undefined): Quad[] => {
    const record = recordUri(baseUrl, v.kind, v.recordId);
    const member = namedNode(`${record}?version=${v.version}`);
    const out: Quad[] = [
      quad(streamIri, namedNode(TREE.member), member),
      quad(member, namedNode(DCT.isVersionOf), namedNode(record)),
      quad(member, namedNode(PROV.generatedAtTime), time(v.at)),
      quad(member, namedNode(RDF.type), namedNode(v.op === 'add' ? AS.Create : v.op === 'change' ? AS.Update : AS.Delete)),
    ];
    if (graph === undefined || graph.trim() === '') return out;
    for (const t of new Parser({ format: 'N-Triples' }).parse(graph)) out.push(quad(t.subject, t.predicate, t.object, member));
    return out;
  };

  return router;
}
