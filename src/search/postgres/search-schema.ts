import type pg from 'pg';
import { createHash } from 'node:crypto';
import { migrate } from '../../postgres/migrations.js';
import { KINDS_SIGNATURE } from '../kinds/registry.js';

/**
 * The search index's tables in PostgreSQL, as plain SQL forward migrations (its own bookkeeping in
 * `search_migrations`, beside the store's tables in the same schema).
 *
 * - Text is analysed by PostgreSQL: two text search configurations, `search_no` and `search_en`,
 *   are the built-in Norwegian and English Snowball stemmers behind `unaccent` (so «snøskred» and
 *   «snoskred» meet, and «barnehager» meets «barnehage»). Every text is indexed with both
 *   (catalogs leave much text untagged), weighted by tier: A titles and alternative titles,
 *   B keywords, C descriptions, D related labels.
 * - `search_terms` is the lexicon of every indexed lexeme, with a pg_trgm index: the typo-tolerant
 *   alternatives of a query word are found there by trigram similarity.
 * - Facet values are one text[] per document (`facet` U+0001 `value`, hierarchies with every ancestor
 *   path), counted exactly with unnest … GROUP BY.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE EXTENSION IF NOT EXISTS unaccent;
  CREATE EXTENSION IF NOT EXISTS pg_trgm;

  CREATE TEXT SEARCH CONFIGURATION search_no (COPY = pg_catalog.norwegian);
  ALTER TEXT SEARCH CONFIGURATION search_no ALTER MAPPING FOR hword, hword_part, word WITH unaccent, norwegian_stem;
  CREATE TEXT SEARCH CONFIGURATION search_en (COPY = pg_catalog.english);
  ALTER TEXT SEARCH CONFIGURATION search_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

  CREATE TABLE search_documents (
    id              text PRIMARY KEY,
    iri             text NOT NULL,
    kind            text NOT NULL,
    tsv             tsvector NOT NULL,
    title_norm      text NOT NULL,      -- folded title words between bars: whole-title, title-start and phrase ranking
    sort_nb         text NOT NULL,
    sort_nn         text NOT NULL,
    sort_en         text NOT NULL,
    modified        bigint,             -- epoch ms
    first_harvested bigint NOT NULL,
    facet_values    text[] NOT NULL,
    relations       text[] NOT NULL,
    doc             text NOT NULL       -- the hit fields (HitDocument) as JSON
  );
  CREATE INDEX search_documents_tsv ON search_documents USING gin (tsv);
  CREATE INDEX search_documents_facets ON search_documents USING gin (facet_values);
  CREATE INDEX search_documents_relations ON search_documents USING gin (relations);
  CREATE INDEX search_documents_iri ON search_documents (iri);
  CREATE INDEX search_documents_modified ON search_documents (modified);

  CREATE TABLE search_terms (
    term text PRIMARY KEY
  );
  CREATE INDEX search_terms_trigrams ON search_terms USING gin (term gin_trgm_ops);

  CREATE TABLE search_labels (
    facet text NOT NULL,
    key   text NOT NULL,
    label jsonb NOT NULL,               -- LangMap
    PRIMARY KEY (facet, key)
  );

  CREATE TABLE search_settings (
    name  text PRIMARY KEY,
    value text NOT NULL
  );
  `,
  // 2: the validity period of kinds that have one (concepts), whose state (current, expired, future) is
  //    computed on the day of each search: first and last day as epoch ms, ±8.64e15 where open, null for other kinds.
  `
  ALTER TABLE search_documents ADD COLUMN valid_from bigint, ADD COLUMN valid_to bigint;
  `,
  // 3: a dataset's metadata quality score (MQA points out of 435), the `quality` sort; null for other kinds.
  `
  ALTER TABLE search_documents ADD COLUMN quality integer;
  `,
];

export const SEARCH_SCHEMA_VERSION = MIGRATIONS.length;

/** What the stored documents depend on besides their records: when it changes, the index is emptied and rebuilt. */
export const DOCUMENT_SIGNATURE = createHash('sha1').update(`${SEARCH_SCHEMA_VERSION}:${KINDS_SIGNATURE}`).digest('hex').slice(0, 12);

/**
 * Applies the migrations the schema lacks, under an advisory lock (nodes starting at once migrate
 * once), and empties the documents when they were built by a version with other facets or mappers.
 * Returns true when the index was emptied (it must be rebuilt from the store).
 */
export async function migrateSearch(client: pg.ClientBase, schema: string): Promise<boolean> {
  return migrate(client, schema, { what: 'search index', table: 'search_migrations', lock: 'search-migrations', migrations: MIGRATIONS }, async () => {
    const signature = await client.query<{ value: string }>("SELECT value FROM search_settings WHERE name = 'documents'");
    const stale = signature.rows[0] !== undefined && signature.rows[0].value !== DOCUMENT_SIGNATURE;
    if (stale) await client.query('TRUNCATE search_documents, search_terms, search_labels');
    await client.query("INSERT INTO search_settings (name, value) VALUES ('documents', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value", [DOCUMENT_SIGNATURE]);
    return stale;
  });
}
