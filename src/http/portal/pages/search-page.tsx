import type { ComponentChildren } from 'preact';
import {
  MISSING_VALUE, MODIFIED_OLDER, MODIFIED_RANGES, SEARCH_SORT_FIELDS, type FacetBucket, type FacetCounts, type SearchHit,
  type SearchResponse, type ValueFacet,
} from '../../../core/ports/search-index.js';
import { pathSegmentOf, type ResourceKind } from '../../../core/resource-kind.js';
import { pickText } from '../../../core/lang-map.js';
import { clipAtWord } from '../../../core/clip-text.js';
import { QUALITY_BANDS, type QualityBand } from '../../../core/quality-score.js';
import { QUALITY_BAND_LABELS } from '../../../core/quality-band-labels.js';
import { formatCount, formatDate } from '../format/dates.js';
import { foreignLang } from '../i18n/portal-language.js';
import { portalAssets } from '../assets/asset-bundle.js';
import { PageLayout } from '../layout/page-layout.js';
import { Pagination } from '../layout/pagination.js';
import type { PortalContext } from '../portal-context.js';
import { bucketOf, facetValueLabel, SEGMENT_KINDS } from '../search/facet-labels.js';
import { HighlightedText } from '../search/highlighted-text.js';
import { recordPath } from '../search/record-path.js';
import { SearchBox } from '../search/search-box.js';
import { isChosen, PAGE_SIZE, stateParams, toggled, withOnly, type SearchState } from '../search/search-state.js';

export interface SearchPageProps {
  readonly ctx: PortalContext;
  readonly state: SearchState;
  readonly response: SearchResponse;
  /** Counts per kind for the tabs: the same search without a kind filter. */
  readonly kindCounts: Readonly<Record<string, number>>;
  /** Today (YYYY-MM-DD), for the date-range filters. */
  readonly today: string;
}

/** Facets shown in the filter panel, in this order (`type` is the tabs). */
const PANEL_FACETS: readonly ValueFacet[] = ['publisher', 'orgPath', 'theme', 'losTheme', 'format', 'accessRights', 'licence', 'openData', 'quality', 'provenance', 'spatial', 'status', 'hasApi', 'concept', 'conformsTo'];

/** The facets of an answer in the panel: those above in their order, then any other the index answers (every facet is shown). */
function panelFacets(response: SearchResponse): ValueFacet[] {
  const answered = Object.keys(response.facets).filter((f): f is ValueFacet => f !== 'type' && f !== 'modified');
  return [...PANEL_FACETS.filter((f) => answered.includes(f)), ...answered.filter((f) => !PANEL_FACETS.includes(f))];
}

const VALIDATION_COLOR = { conforms: 'success', 'has-violations': 'warning', 'not-validated': 'neutral' } as const;
const isQualityBand = (band: string): band is QualityBand => (QUALITY_BANDS as readonly string[]).includes(band);

/**
 * The search page: the search box, a tab per kind the catalog holds, every facet with counts
 * (hierarchical where the values are paths), the chosen filters as removable chips, sort, paging,
 * and the hits with highlighted matches. Every control is a link or a GET form: no script needed.
 */
export function SearchPage({ ctx, state, response, kindCounts, today }: SearchPageProps) {
  const { t } = ctx;
  const params = stateParams(state);
  const pages = Math.max(1, Math.ceil(Math.min(response.total, 100_000) / PAGE_SIZE));
  const named = state.q === '' ? t.search.title : `${t.search.title}: ${state.q}`;
  // Every page of results has a title of its own (WCAG 2.4.2).
  const title = state.page > 1 ? `${named} – ${t.search.page(state.page)}` : named;
  return (
    <PageLayout ctx={ctx} title={title} section="search" scripts={[portalAssets().suggestScript.path]}>
      <h1 class="ds-heading" data-size="lg">
        {t.search.title}
      </h1>
      <SearchBox ctx={ctx} q={state.q} keep={params} />
      <KindTabs ctx={ctx} state={state} kindCounts={kindCounts} />
      <div class="dk-search-layout">
        <aside class="dk-facets" aria-labelledby="filters-heading">
          <h2 class="ds-heading" data-size="xs" id="filters-heading">
            {t.search.filters}
          </h2>
          {panelFacets(response).map((facet) => {
            const counts = response.facets[facet];
            return counts === undefined ? null : <FacetBlock key={facet} ctx={ctx} state={state} facet={facet} counts={counts} />;
          })}
          {response.facets.modified !== undefined && <ModifiedBlock ctx={ctx} state={state} counts={response.facets.modified} today={today} />}
        </aside>
        <section aria-labelledby="results-heading">
          <h2 class="ds-heading" data-size="sm" id="results-heading">
            {t.search.resultsHeading}: {t.search.total(response.total)}
          </h2>
          <Chips ctx={ctx} state={state} response={response} />
          <SortForm ctx={ctx} state={state} />
          {response.hits.length === 0 && response.total > 0 ? (
            <p class="ds-paragraph">
              {t.search.pastLast}{' '}
              <a class="ds-link" href={ctx.href('/search', { ...params, page: pages > 1 ? String(pages) : undefined })}>
                {t.search.page(pages).toLowerCase()}
              </a>
              .
            </p>
          ) : response.hits.length === 0 ? (
            <p class="ds-paragraph">{t.search.noHits}</p>
          ) : (
            <ol class="dk-hits" start={(state.page - 1) * PAGE_SIZE + 1}>
              {response.hits.map((hit) => (
                <Hit key={hit.id} ctx={ctx} hit={hit} />
              ))}
            </ol>
          )}
          <SearchPagination ctx={ctx} state={state} pages={pages} />
        </section>
      </div>
    </PageLayout>
  );
}

function KindTabs({ ctx, state, kindCounts }: { ctx: PortalContext; state: SearchState; kindCounts: Readonly<Record<string, number>> }) {
  const { t } = ctx;
  const chosen = state.values.type ?? [];
  const all = Object.values(kindCounts).reduce((a, b) => a + b, 0);
  // A kind with hits, or the one chosen (with none, its tab stays, so the page still says where it is).
  const isChosenTab = (segment: string): boolean => chosen.length === 1 && (chosen[0] === segment || pathSegmentOf(chosen[0] as ResourceKind) === segment);
  const tabs = Object.entries(SEGMENT_KINDS).filter(([segment]) => (kindCounts[segment] ?? 0) > 0 || isChosenTab(segment));
  return (
    <nav aria-label={t.search.kindTabs}>
      <ul class="dk-tabs">
        <li>
          <a class="ds-link" href={ctx.href('/search', withOnly(state, 'type', []))} aria-current={chosen.length === 0 ? 'page' : undefined}>
            {t.search.allKinds} <span class="dk-count">({formatCount(all, ctx.lang)})</span>
          </a>
        </li>
        {tabs.map(([segment, kind]) => (
          <li key={segment}>
            <a
              class="ds-link"
              href={ctx.href('/search', withOnly(state, 'type', [segment]))}
              aria-current={isChosenTab(segment) ? 'page' : undefined}
            >
              {t.kinds[kind].many} <span class="dk-count">({formatCount(kindCounts[segment] ?? 0, ctx.lang)})</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function FacetLink({ ctx, state, facet, bucket, label }: { ctx: PortalContext; state: SearchState; facet: ValueFacet; bucket: { key: string; count: number }; label: string }) {
  const on = isChosen(state, facet, bucket.key);
  return (
    <a class="ds-link" href={ctx.href('/search', toggled(state, facet, bucket.key))} aria-current={on ? 'true' : undefined}>
      {on ? '✓ ' : ''}
      {label} <span class="dk-count">({formatCount(bucket.count, ctx.lang)})</span>
    </a>
  );
}

function FacetBlock({ ctx, state, facet, counts }: { ctx: PortalContext; state: SearchState; facet: ValueFacet; counts: FacetCounts }) {
  const { t } = ctx;
  if (counts.buckets.length === 0 && counts.missing === 0) return null;
  const chosen = (state.values[facet]?.length ?? 0) > 0;
  const hierarchical = counts.buckets.some((b) => b.parent !== undefined && b.parent !== null);
  const id = `facet-${facet}`;
  return (
    <details class="dk-facet ds-details" open={chosen || facet === 'publisher' || facet === 'theme'}>
      <summary id={id}>{t.search.facetNames[facet]}</summary>
      <div>
        {hierarchical ? (
          <FacetTree ctx={ctx} state={state} facet={facet} buckets={counts.buckets} parent={null} labelledBy={id} />
        ) : (
          <ul aria-labelledby={id}>
            {counts.buckets.map((b) => (
              <li key={b.key}>
                <FacetLink ctx={ctx} state={state} facet={facet} bucket={b} label={facetValueLabel(t, facet, b.key, b)} />
              </li>
            ))}
            {counts.missing > 0 && state.periodFacets?.has(facet) !== true && (
              <li>
                <FacetLink ctx={ctx} state={state} facet={facet} bucket={{ key: MISSING_VALUE, count: counts.missing }} label={t.search.missing} />
              </li>
            )}
          </ul>
        )}
        {counts.more && <p class="dk-count">{t.search.moreValues(counts.distinct - counts.buckets.length)}</p>}
      </div>
    </details>
  );
}

function FacetTree(props: { ctx: PortalContext; state: SearchState; facet: ValueFacet; buckets: readonly FacetBucket[]; parent: string | null; labelledBy?: string }) {
  const { ctx, state, facet, buckets, parent, labelledBy } = props;
  const known = new Set(buckets.map((b) => b.key));
  // A value whose parent is not listed is shown at the top, so no counted value is hidden.
  const level = buckets.filter((b) => (parent === null ? b.parent === null || b.parent === undefined || !known.has(b.parent) : b.parent === parent));
  if (level.length === 0) return null;
  return (
    <ul aria-labelledby={labelledBy}>
      {level.map((b) => (
        <li key={b.key}>
          <FacetLink ctx={ctx} state={state} facet={facet} bucket={b} label={facetValueLabel(ctx.t, facet, b.key, b)} />
          <FacetTree ctx={ctx} state={state} facet={facet} buckets={buckets} parent={b.key} />
        </li>
      ))}
    </ul>
  );
}

function daysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

function ModifiedBlock({ ctx, state, counts, today }: { ctx: PortalContext; state: SearchState; counts: FacetCounts; today: string }) {
  const { t } = ctx;
  if (counts.buckets.length === 0) return null;
  const params = stateParams(state);
  const ranges = [
    ...MODIFIED_RANGES.map((r) => ({ key: r.key, from: daysBefore(today, r.days), to: undefined as string | undefined })),
    { key: MODIFIED_OLDER, from: undefined as string | undefined, to: daysBefore(today, 365) },
  ];
  return (
    <details class="dk-facet ds-details" open={state.modifiedFrom !== undefined || state.modifiedTo !== undefined}>
      <summary id="facet-modified">{t.search.facetNames.modified}</summary>
      <div>
        <ul aria-labelledby="facet-modified">
          {ranges.map((r) => {
            const bucket = counts.buckets.find((b) => b.key === r.key);
            if (bucket === undefined || bucket.count === 0) return null;
            const on = state.modifiedFrom === r.from && state.modifiedTo === r.to;
            const href = ctx.href('/search', { ...params, modifiedFrom: on ? undefined : r.from, modifiedTo: on ? undefined : r.to, page: undefined });
            return (
              <li key={r.key}>
                <a class="ds-link" href={href} aria-current={on ? 'true' : undefined}>
                  {on ? '✓ ' : ''}
                  {t.search.modifiedRanges[r.key as keyof typeof t.search.modifiedRanges]}{' '}
                  <span class="dk-count">({formatCount(bucket.count, ctx.lang)})</span>
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </details>
  );
}

function Chips({ ctx, state, response }: { ctx: PortalContext; state: SearchState; response: SearchResponse }) {
  const { t } = ctx;
  const chips: { key: string; label: string; href: string }[] = [];
  for (const facet of Object.keys(state.values) as ValueFacet[]) {
    for (const value of state.values[facet] ?? []) {
      const label = `${t.search.facetNames[facet]}: ${facetValueLabel(t, facet, value, bucketOf(response, facet, value))}`;
      chips.push({ key: `${facet}=${value}`, label, href: ctx.href('/search', toggled(state, facet, value)) });
    }
  }
  const params = stateParams(state);
  if (state.modifiedFrom !== undefined) {
    chips.push({ key: 'from', label: `${t.search.facetNames.modified} ≥ ${formatDate(state.modifiedFrom, ctx.lang)}`, href: ctx.href('/search', { ...params, modifiedFrom: undefined, page: undefined }) });
  }
  if (state.modifiedTo !== undefined) {
    chips.push({ key: 'to', label: `${t.search.facetNames.modified} ≤ ${formatDate(state.modifiedTo, ctx.lang)}`, href: ctx.href('/search', { ...params, modifiedTo: undefined, page: undefined }) });
  }
  if (chips.length === 0) return null;
  return (
    <div>
      <h3 class="dk-sr-only">{t.search.chosenFilters}</h3>
      <ul class="dk-chips" aria-label={t.search.chosenFilters}>
        {chips.map((c) => (
          <li key={c.key}>
            <a class="ds-chip" data-removable="true" data-wrap="wrap" href={c.href} aria-label={t.search.removeFilter(c.label)}>
              {c.label}
            </a>
          </li>
        ))}
        <li>
          <a class="ds-link" href={ctx.href('/search', { q: state.q, sort: params.sort })}>
            {t.search.clearAll}
          </a>
        </li>
      </ul>
    </div>
  );
}

function SortForm({ ctx, state }: { ctx: PortalContext; state: SearchState }) {
  const { t } = ctx;
  const params = stateParams(state);
  const hidden: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || name === 'sort' || name === 'page') continue;
    for (const v of Array.isArray(value) ? (value as readonly string[]) : [value as string]) if (v !== '') hidden.push([name, v]);
  }
  const current = state.parsedSort.field;
  return (
    <div class="dk-toolbar">
      <form method="get" action="/search">
        <input type="hidden" name="lang" value={ctx.lang} />
        {hidden.map(([n, v], i) => (
          <input key={`${n}-${i}`} type="hidden" name={n} value={v} />
        ))}
        <div class="ds-field">
          <label class="ds-label" for="sort">
            {t.search.sort}
          </label>
          <select class="ds-input" id="sort" name="sort">
            {SEARCH_SORT_FIELDS.map((f) => (
              <option key={f} value={f === 'relevance' ? '' : f} selected={f === current}>
                {t.search.sorts[f]}
              </option>
            ))}
          </select>
        </div>
        <button class="ds-button" data-variant="secondary" type="submit">
          {t.search.sortApply}
        </button>
      </form>
    </div>
  );
}

function Hit({ ctx, hit }: { ctx: PortalContext; hit: SearchHit }) {
  const { t } = ctx;
  // Fields of some kinds only (datasets and data services): read what the hit has.
  const formats = Array.isArray(hit.formats) ? hit.formats.filter((f): f is string => typeof f === 'string') : [];
  const titleLang = foreignLang(hit.language, ctx.lang);
  const title: ComponentChildren = hit.highlight.title !== undefined ? <HighlightedText html={hit.highlight.title} /> : (hit.title ?? hit.iri);
  const description: ComponentChildren | null =
    hit.highlight.description !== undefined ? <HighlightedText html={hit.highlight.description} /> : hit.description === null ? null : clipAtWord(hit.description, 240);
  return (
    <li class="dk-hit">
      <h3 class="ds-heading" data-size="xs">
        <a class="ds-link" href={ctx.href(recordPath(hit.type, hit.id))} lang={titleLang}>
          {title}
        </a>
      </h3>
      {description !== null && (
        <p class="ds-paragraph" lang={foreignLang(hit.descriptionLanguage, ctx.lang)}>
          {description}
        </p>
      )}
      <ul class="dk-meta">
        <li>{t.kinds[hit.type].one}</li>
        {hit.publisher !== null && hit.publisher.name !== null && (
          <li>
            {t.search.publisher}:{' '}
            {hit.publisher.id !== null ? (
              <a class="ds-link" href={ctx.href(`/publishers/${hit.publisher.id}`)}>
                {hit.publisher.name}
              </a>
            ) : (
              hit.publisher.name
            )}
          </li>
        )}
        {hit.modified !== null && (
          <li>
            {t.search.modified}: {formatDate(hit.modified, ctx.lang)}
          </li>
        )}
        {formats.length > 0 && (
          <li>
            {t.search.formats}: {formats.slice(0, 6).join(', ')}
          </li>
        )}
        {hit.openData === true && <li>{t.search.openData}</li>}
        {hit.quality !== null && isQualityBand(hit.quality.band) && (
          <li>{t.search.quality(hit.quality.score, hit.quality.maxScore, pickText(QUALITY_BAND_LABELS[hit.quality.band], ctx.lang) ?? hit.quality.band)}</li>
        )}
      </ul>
      <ul class="dk-tags">
        <li>
          <span class="ds-tag" data-color={VALIDATION_COLOR[hit.validation]}>
            {t.validation[hit.validation]}
          </span>
        </li>
      </ul>
    </li>
  );
}

function SearchPagination({ ctx, state, pages }: { ctx: PortalContext; state: SearchState; pages: number }) {
  const params = stateParams(state);
  return <Pagination ctx={ctx} label={ctx.t.search.pagination} page={state.page} pages={pages} link={(p) => ctx.href('/search', { ...params, page: p > 1 ? String(p) : undefined })} />;
}
