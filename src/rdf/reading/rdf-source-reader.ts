import { DocumentReadError, type DocumentFetcher, type ReadOutcome, type SourceReader } from '../../core/ports/harvester.js';
import { parseRdf, RdfParseError } from '../parse.js';
import { SubjectIndex } from '../subject-index.js';
import { chooseSyntax } from '../syntax.js';
import { NextPageFinder } from './hydra-paging.js';
import { payloadKey } from './payload-key.js';
import { rdfContentKey } from './rdf-content-key.js';

/** The memo key under which a page remembers its `hydra:next` link, so a page that answers 304 still leads on. */
const NEXT = 'next';

/**
 * The RDF reader RDF harvesters share: reads the entry document and, for Hydra-paged sources, each
 * `hydra:next` page until the last, into one `SubjectIndex` (blank nodes kept apart per page). Each
 * page is fetched conditionally; when every page answers 304 the source is unchanged and nothing is
 * parsed. Pages that answered 304 while others changed are fetched again in full, since the split
 * needs the whole graph. A payload that is the same graph as last time in other bytes (another order,
 * other blank node labels: src/rdf/reading/payload-key.ts) is unchanged too, and is not split. A local
 * file (the CLI) is one document: Hydra links in it are not followed.
 */
export const rdfSourceReader: SourceReader<SubjectIndex> = {
  async read(documents: DocumentFetcher, signal?: AbortSignal): Promise<ReadOutcome<SubjectIndex>> {
    const graph = new SubjectIndex();
    const notes: string[] = [];
    if (documents.local) {
      const page = await documents.fetch({ url: documents.entryUrl, contentKey: rdfContentKey });
      if (page.kind === 'not-modified') return { kind: 'not-modified', documents: 1 };
      await parsePage(page.finalUrl, page.body, page.contentType, 0, graph, notes, signal);
      graph.trim();
      if (await documents.samePayload(() => payloadKey(graph))) return { kind: 'not-modified', documents: 1 };
      return { kind: 'read', payload: graph, documents: 1, notes };
    }

    const unparsed: { url: string; index: number }[] = [];
    const seen = new Set<string>();
    let url: string | undefined = documents.entryUrl;
    let pages = 0;
    let changed = false;
    while (url !== undefined) {
      if (seen.has(url)) throw new DocumentReadError('fetch', url, `Hydra paging loops: ${url} was already read in this harvest (page ${pages + 1}).`);
      seen.add(url);
      const page = await documents.fetch({ url, contentKey: rdfContentKey });
      const index = pages++;
      if (page.kind === 'not-modified') {
        // The page is as last time: its next link is the one remembered with it.
        unparsed.push({ url, index });
        url = page.memo[NEXT];
        if (url !== undefined) documents.remember(page.url, { [NEXT]: url });
        continue;
      }
      changed = true;
      const next = await parsePage(page.finalUrl, page.body, page.contentType, index, graph, notes, signal);
      if (next !== undefined) documents.remember(page.url, { [NEXT]: next });
      url = next;
    }
    if (!changed) return { kind: 'not-modified', documents: pages };

    // Some pages were unchanged but others were not: read the unchanged ones again, unconditionally.
    for (const { url: pageUrl, index } of unparsed) {
      const page = await documents.fetch({ url: pageUrl, conditional: false, contentKey: rdfContentKey });
      if (page.kind !== 'document') throw new DocumentReadError('fetch', pageUrl, `${pageUrl} answered 304 Not Modified to a request that was not conditional.`);
      const next = await parsePage(page.finalUrl, page.body, page.contentType, index, graph, notes, signal);
      if (next !== undefined) documents.remember(pageUrl, { [NEXT]: next });
    }
    graph.trim();
    if (await documents.samePayload(() => payloadKey(graph))) return { kind: 'not-modified', documents: pages };
    return { kind: 'read', payload: graph, documents: pages, notes };
  },
};

/** Parses one page into the graph (blank nodes kept apart per page) and returns its next-page link. */
async function parsePage(
  url: string,
  body: Buffer,
  contentType: string | undefined,
  index: number,
  graph: SubjectIndex,
  notes: string[],
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const head = body.subarray(0, 2048).toString('utf8');
  const choice = chooseSyntax({ ...(contentType !== undefined ? { contentType } : {}), url, head });
  if (!choice.ok) throw new DocumentReadError('parse', url, `${url} could not be read as RDF: ${choice.reason}.`);
  if (choice.by !== 'content-type') notes.push(`${url}: ${choice.description}`);
  const finder = new NextPageFinder();
  try {
    await parseRdf(body, {
      syntax: choice.syntax,
      baseIri: url,
      blankNodePrefix: `p${index}_`,
      ...(signal ? { signal } : {}),
      onQuad: (q) => {
        graph.add(q);
        finder.observe(q);
      },
    });
  } catch (error) {
    if (error instanceof RdfParseError) {
      throw new DocumentReadError('parse', url, `${url} (${choice.description}): ${error.message}`, error.line);
    }
    throw error;
  }
  return finder.next(graph);
}
