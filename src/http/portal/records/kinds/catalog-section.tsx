import { DCAT } from '../../../../rdf/namespaces.js';
import { Resource } from '../record-parts.js';
import type { KindSectionProps } from '../record-view.js';

/** A catalog's own part of its page: its members (datasets, data services, catalogs), each a link. */
export function CatalogSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const { graph, iri } = view;
  const groups = [
    { kind: 'dataset' as const, iris: graph.iris(iri, DCAT.dataset) },
    { kind: 'data-service' as const, iris: graph.iris(iri, DCAT.service) },
    { kind: 'catalog' as const, iris: graph.iris(iri, DCAT.catalog) },
  ].filter((g) => g.iris.length > 0);
  if (groups.length === 0) return null;
  return (
    <section class="dk-section" aria-labelledby="members">
      <h2 class="ds-heading" data-size="sm" id="members">
        {t.record.members}
      </h2>
      {groups.map((g) => (
        <div key={g.kind}>
          <h3 class="ds-heading" data-size="xs">
            {t.kinds[g.kind].many} ({g.iris.length})
          </h3>
          <ul class="ds-list">
            {g.iris.map((m) => (
              <li key={m}>
                <Resource ctx={ctx} view={view} iri={m} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
