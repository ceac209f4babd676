import type { EnvReader } from './env-reader.js';

/** The search index: embedded, Meilisearch or PostgreSQL. */
export interface SearchConfig {
  /** `sqlite` (embedded FTS5, default), `meilisearch` (MEILISEARCH_URL) or `postgres` (DATABASE_URL's database). */
  readonly backend: 'sqlite' | 'meilisearch' | 'postgres';
  readonly meilisearchUrl: string | undefined;
  readonly meilisearchKey: string | undefined;
  readonly meilisearchIndex: string;
}

export function readSearchConfig(r: EnvReader): SearchConfig {
  // Search follows the servers configured: Meilisearch when MEILISEARCH_URL is set, else PostgreSQL with DATABASE_URL, else embedded.
  const defaultBackend = r.optional('MEILISEARCH_URL') ? 'meilisearch' : r.optional('DATABASE_URL') ? 'postgres' : 'sqlite';
  const backend = r.oneOf('SEARCH_BACKEND', ['sqlite', 'meilisearch', 'postgres'] as const, defaultBackend);
  const meilisearchUrl = r.optional('MEILISEARCH_URL');
  if (backend === 'meilisearch' && meilisearchUrl === undefined) r.problems.push('SEARCH_BACKEND=meilisearch needs MEILISEARCH_URL.');
  if (backend === 'postgres' && r.optional('DATABASE_URL') === undefined) r.problems.push('SEARCH_BACKEND=postgres needs DATABASE_URL.');
  return {
    backend,
    meilisearchUrl,
    meilisearchKey: r.optional('MEILISEARCH_KEY'),
    meilisearchIndex: r.str('MEILISEARCH_INDEX', 'datakatalog'),
  };
}
