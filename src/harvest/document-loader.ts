import type { HarvestSource, SourceFetchState } from '../core/harvest-source.js';
import { parseRdf, RdfParseError } from '../rdf/parse.js';
import { SubjectIndex } from '../rdf/subject-index.js';
import { chooseSyntax } from '../rdf/syntax.js';
import { fetchDocument, FetchError, type FetchHooks, type FetchPolicy } from './fetch/fetcher.js';
import { readLocalFile } from './fetch/local-file.js';
import { NextPageFinder } from './hydra-paging.js';

/** Where a source's payload is read from: the network (with the SSRF guard) or, from the CLI only, a local file. */
export type SourceLocation = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly path: string };

export interface LoadedPage {
  readonly url: string;
  readonly state: SourceFetchState;
}

export type LoadOutcome =
  | { readonly kind: 'not-modified'; readonly pages: number }
  | { readonly kind: 'loaded'; readonly graph: SubjectIndex; readonly pages: readonly LoadedPage[]; readonly notes: readonly string[] };

/** A fetch or parse failure: the run fails with this message and nothing is written. */
export class LoadError extends Error {
  readonly url: string;
  readonly stage: 'fetch' | 'parse';
  readonly line: number | undefined;
  constructor(stage: 'fetch' | 'parse', url: string, message: string, line?: number) {
    super(message);
    this.name = 'LoadError';
    this.stage = stage;
    this.url = url;
    this.line = line;
  }
}

export interface LoaderDeps {
  readonly policy: FetchPolicy;
  readonly maxPages: number;
  readonly getFetchState: (url: string) => Promise<SourceFetchState | undefined>;
  readonly signal?: AbortSignal;
  /** Test hooks of the fetcher (name resolution, extra CAs). */
  readonly hooks?: FetchHooks;
}

interface PageBody {
  readonly url: string;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly state: SourceFetchState;
}

/**
 * Reads every document of a source into one graph: the entry document and, for Hydra-paged sources,
 * each `hydra:next` page until the last. Each page is fetched conditionally; when every page answers
 * 304 the source is unchanged and nothing is parsed. Pages that answered 304 while others changed are
 * fetched again in full, since the split needs the whole graph.
 */
export async function loadSource(source: HarvestSource, location: SourceLocation, deps: LoaderDeps): Promise<LoadOutcome> {
  const accept = source.accept;
  if (location.kind === 'file') {
    const body = await readOrFail(location.path, () => readLocalFile(location.path, deps.policy.maxBytes));
    // A local file is one document: Hydra links in it are not followed.
    const graph = new SubjectIndex();
    const notes: string[] = [];
    await parsePage({ url: location.path, body, contentType: undefined, state: {} }, 0, graph, notes, deps.signal);
    return { kind: 'loaded', graph, pages: [], notes };
  }

  const graph = new SubjectIndex();
  const notes: string[] = [];
  const pages: LoadedPage[] = [];
  const unparsed: { url: string; index: number }[] = [];
  const seen = new Set<string>();
  let url: string | undefined = location.url;
  let changed = false;
  while (url !== undefined) {
    if (seen.has(url)) throw new LoadError('fetch', url, `Hydra paging loops: ${url} was already read in this harvest (page ${pages.length + 1}).`);
    if (pages.length >= deps.maxPages) throw new LoadError('fetch', url, `The source has more than ${deps.maxPages} pages (HARVEST_MAX_PAGES); stopped at ${url}.`);
    seen.add(url);
    const previous = await deps.getFetchState(url);
    const outcome = await readOrFail(url, () =>
      fetchDocument(
        {
          url: url!,
          accept: accept ?? '',
          ...(previous?.etag !== undefined ? { etag: previous.etag } : {}),
          ...(previous?.lastModified !== undefined ? { lastModified: previous.lastModified } : {}),
          ...(deps.signal ? { signal: deps.signal } : {}),
        },
        deps.policy,
        deps.hooks,
      ),
    );
    if (outcome.kind === 'not-modified') {
      // The page is as last time: its next link is the one we remembered.
      pages.push({ url, state: previous ?? {} });
      unparsed.push({ url, index: pages.length - 1 });
      url = previous?.next;
      continue;
    }
    changed = true;
    const next = await parsePage(
      { url: outcome.url, body: outcome.body, contentType: outcome.contentType, state: {} },
      pages.length,
      graph,
      notes,
      deps.signal,
    );
    pages.push({ url, state: fetchState(outcome, next) });
    url = next;
  }
  if (!changed) return { kind: 'not-modified', pages: pages.length };

  // Some pages were unchanged but others were not: read the unchanged ones again, unconditionally.
  for (const { url: pageUrl, index } of unparsed) {
    const outcome = await readOrFail(pageUrl, () => fetchDocument({ url: pageUrl, accept: accept ?? '', ...(deps.signal ? { signal: deps.signal } : {}) }, deps.policy, deps.hooks));
    if (outcome.kind !== 'ok') throw new LoadError('fetch', pageUrl, `${pageUrl} answered 304 Not Modified to a request that was not conditional.`);
    const next = await parsePage({ url: outcome.url, body: outcome.body, contentType: outcome.contentType, state: {} }, index, graph, notes, deps.signal);
    pages[index] = { url: pageUrl, state: fetchState(outcome, next) };
  }
  return { kind: 'loaded', graph, pages, notes };
}

function fetchState(outcome: { etag?: string; lastModified?: string }, next: string | undefined): SourceFetchState {
  return {
    ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}),
    ...(outcome.lastModified !== undefined ? { lastModified: outcome.lastModified } : {}),
    ...(next !== undefined ? { next } : {}),
  };
}

async function readOrFail<T>(url: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof FetchError) throw new LoadError('fetch', url, error.message);
    throw error;
  }
}

/** Parses one page into the graph (blank nodes kept apart per page) and returns its next-page link. */
async function parsePage(page: PageBody, index: number, graph: SubjectIndex, notes: string[], signal: AbortSignal | undefined): Promise<string | undefined> {
  const head = page.body.subarray(0, 2048).toString('utf8');
  const choice = chooseSyntax({ ...(page.contentType !== undefined ? { contentType: page.contentType } : {}), url: page.url, head });
  if (!choice.ok) throw new LoadError('parse', page.url, `${page.url} could not be read as RDF: ${choice.reason}.`);
  if (choice.by !== 'content-type') notes.push(`${page.url}: ${choice.description}`);
  const finder = new NextPageFinder();
  try {
    await parseRdf(page.body, {
      syntax: choice.syntax,
      baseIri: page.url,
      blankNodePrefix: `p${index}_`,
      ...(signal ? { signal } : {}),
      onQuad: (q) => {
        graph.add(q);
        finder.observe(q);
      },
    });
  } catch (error) {
    if (error instanceof RdfParseError) {
      throw new LoadError('parse', page.url, `${page.url} (${choice.description}): ${error.message}`, error.line);
    }
    throw error;
  }
  return finder.next(graph);
}
