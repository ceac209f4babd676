import { DCAT } from '../../../../rdf/namespaces.js';
import { Resource } from '../record-parts.js';
import { formatCount } from '../../format/dates.js';
import { listPage, ListPageNav } from '../paged-list.js';
import type { KindSectionProps } from '../record-view.js';

/** A catalog's own part of its page: its members (datasets, data services, catalogs), each a link, a page of each kind at a time. */
export function CatalogSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const { graph, iri } = view;
  const groups = [
    { kind: 'dataset' as const, list: listPage(ctx, 'datasets', graph.iris(iri, DCAT.dataset)) },
    { kind: 'data-service' as const, list: listPage(ctx, 'data-services', graph.iris(iri, DCAT.service)) },
    { kind: 'catalog' as const, list: listPage(ctx, 'catalogs', graph.iris(iri, DCAT.catalog)) },
  ].filter((g) => g.list.total > 0);
  if (groups.length === 0) return null;
  return (
    <section class="dk-section" aria-labelledby="members">
      <h2 class="ds-heading" data-size="sm" id="members">
        {t.record.members}
      </h2>
      {groups.map((g) => (
        <div key={g.kind}>
          <h3 class="ds-heading" data-size="xs" id={`members-${g.kind}`}>
            {t.kinds[g.kind].many} ({formatCount(g.list.total, ctx.lang)})
          </h3>
          <ul class="ds-list" aria-labelledby={`members-${g.kind}`}>
            {g.list.items.map((m) => (
              <li key={m}>
                <Resource ctx={ctx} view={view} iri={m} />
              </li>
            ))}
          </ul>
          <ListPageNav ctx={ctx} list={g.list} heading={t.kinds[g.kind].many} anchor={`members-${g.kind}`} />
        </div>
      ))}
    </section>
  );
}
