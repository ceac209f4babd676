import type { SearchHit, SearchResponse } from '../../../core/ports/search-index.js';
import { formatCount, formatDate } from '../format/dates.js';
import { foreignLang } from '../i18n/portal-language.js';
import { portalAssets } from '../assets/asset-bundle.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';
import { SEGMENT_KINDS } from '../search/facet-labels.js';
import { recordPath } from '../search/record-path.js';
import { SearchBox } from '../search/search-box.js';

export interface HomePageProps {
  readonly ctx: PortalContext;
  /** Everything, newest first (the latest changes are its hits). */
  readonly overview: SearchResponse;
  readonly kindCounts: Readonly<Record<string, number>>;
}

/** The home page: the search box, counts per kind, entries by theme and by publisher, the latest changes. */
export function HomePage({ ctx, overview, kindCounts }: HomePageProps) {
  const { t } = ctx;
  const kinds = Object.entries(SEGMENT_KINDS).filter(([segment]) => (kindCounts[segment] ?? 0) > 0);
  return (
    <PageLayout ctx={ctx} title={t.home.title} section="home" scripts={[portalAssets().suggestScript.path]}>
      <h1 class="ds-heading" data-size="xl">
        {t.home.title}
      </h1>
      <p class="ds-paragraph" data-size="lg">
        {t.home.intro}
      </p>
      <SearchBox ctx={ctx} q="" id="home-q" />
      <section class="dk-section" aria-labelledby="counts">
        <h2 class="ds-heading" data-size="sm" id="counts">
          {t.home.countsHeading}
        </h2>
        <ul class="dk-cards">
          {kinds.map(([segment, kind]) => (
            <li key={segment} class="ds-card">
              <a class="ds-link" href={ctx.href('/search', { type: segment })}>
                <strong>{formatCount(kindCounts[segment] ?? 0, ctx.lang)}</strong> {t.kinds[kind].many}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section class="dk-section" aria-labelledby="themes">
        <h2 class="ds-heading" data-size="sm" id="themes">
          {t.home.byTheme}
        </h2>
        <ul class="dk-cards">
          {(overview.facets.theme?.buckets ?? []).map((b) => (
            <li key={b.key}>
              <a class="ds-link" href={ctx.href('/search', { theme: b.key })}>
                {b.label ?? b.key}
              </a>{' '}
              <span class="dk-count">({formatCount(b.count, ctx.lang)})</span>
            </li>
          ))}
        </ul>
      </section>
      <section class="dk-section" aria-labelledby="publishers">
        <h2 class="ds-heading" data-size="sm" id="publishers">
          {t.home.byPublisher}
        </h2>
        <ul class="dk-cards">
          {(overview.facets.publisher?.buckets ?? []).map((b) => (
            <li key={b.key}>
              <a class="ds-link" href={ctx.href(`/publishers/${b.key}`)}>
                {b.label ?? b.key}
              </a>{' '}
              <span class="dk-count">({formatCount(b.count, ctx.lang)})</span>
            </li>
          ))}
        </ul>
      </section>
      <section class="dk-section" aria-labelledby="latest">
        <h2 class="ds-heading" data-size="sm" id="latest">
          {t.home.latest}
        </h2>
        <ul class="ds-list">
          {overview.hits.map((hit) => (
            <LatestItem key={hit.id} ctx={ctx} hit={hit} />
          ))}
        </ul>
      </section>
    </PageLayout>
  );
}

function LatestItem({ ctx, hit }: { ctx: PortalContext; hit: SearchHit }) {
  return (
    <li>
      <a class="ds-link" href={ctx.href(recordPath(hit.type, hit.id))} lang={foreignLang(hit.language, ctx.lang)}>
        {hit.title ?? hit.iri}
      </a>{' '}
      <span class="dk-count">
        ({ctx.t.kinds[hit.type].one}
        {hit.modified !== null ? `, ${formatDate(hit.modified, ctx.lang)}` : ''})
      </span>
    </li>
  );
}
