import { DCAT, DCT, DK_API } from '../../../../rdf/namespaces.js';
import { formatCount } from '../../format/dates.js';
import { recordPath } from '../../search/record-path.js';
import { Fact, ExternalLinksFact, LinkedFact, Resources, Text } from '../record-parts.js';
import { listPage, ListPageNav } from '../paged-list.js';
import type { KindSectionProps } from '../record-view.js';
import { Contact } from './dataset-section.js';

/**
 * A data service's own part of its page: endpoint URLs, the endpoint description (OpenAPI document)
 * to download, the datasets it serves, access rights, licence, contact point.
 */
export function DataServiceSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const { graph, iri } = view;
  const endpoints = graph.iris(iri, DCAT.endpointURL);
  const descriptions = graph.iris(iri, DCAT.endpointDescription);
  const serves = graph.iris(iri, DCAT.servesDataset);
  const contacts = graph.iris(iri, DCAT.contactPoint);
  const stored = view.artefacts.find((a) => a.name === 'openapi');
  // Ordered by position first; only the operations of the page shown are read further.
  const operations = graph
    .iris(iri, DK_API.operation)
    .map((op) => ({ op, position: Number(graph.values(op, DK_API.position)[0] ?? 0) }))
    .sort((a, b) => a.position - b.position);
  const page = listPage(ctx, 'operations', operations);
  const shownOperations = {
    ...page,
    items: page.items.map(({ op }) => ({
      op,
      method: graph.values(op, DK_API.httpMethod)[0] ?? '',
      path: graph.values(op, DK_API.pathTemplate)[0] ?? '',
      summary: graph.text(op, [DK_API.summary], ctx.lang),
    })),
  };
  return (
    <>
    <section class="dk-section" aria-labelledby="facts">
      <h2 class="ds-heading" data-size="sm" id="facts">
        {t.record.facts}
      </h2>
      <dl class="dk-facts">
        <ExternalLinksFact ctx={ctx} label={t.record.endpointUrls} values={endpoints} />
        <ExternalLinksFact ctx={ctx} label={t.record.endpointDescription} values={descriptions} />
        <Fact label={t.record.storedOpenApi} show={stored !== undefined}>
          {stored !== undefined && (
            <a class="ds-link" href={`${recordPath(view.record.kind, view.record.id)}/openapi`} type={stored.mediaType} download>
              {stored.mediaType.includes('json') ? 'JSON' : 'YAML'}, {formatCount(Math.max(1, Math.round(stored.bytes / 1024)), ctx.lang)} KB
            </a>
          )}
        </Fact>
        <Fact label={t.record.servesDataset} show={serves.length > 0}>
          <Resources ctx={ctx} view={view} iris={serves} />
        </Fact>
        <LinkedFact ctx={ctx} view={view} label={t.record.accessRights} subject={iri} predicate={DCT.accessRights} />
        <LinkedFact ctx={ctx} view={view} label={t.record.licence} subject={iri} predicate={DCT.license} />
        <LinkedFact ctx={ctx} view={view} label={t.record.themes} subject={iri} predicate={DCAT.theme} />
        <LinkedFact ctx={ctx} view={view} label={t.record.conformsTo} subject={iri} predicate={DCT.conformsTo} />
        <ExternalLinksFact ctx={ctx} label={t.record.landingPage} values={graph.iris(iri, DCAT.landingPage)} />
        <Fact label={t.record.contact} show={contacts.length > 0}>
          {contacts.map((c) => (
            <Contact key={c} ctx={ctx} view={view} node={c} />
          ))}
        </Fact>
      </dl>
    </section>
    {operations.length > 0 && (
      <section class="dk-section" aria-labelledby="operations">
        <h2 class="ds-heading" data-size="sm" id="operations">
          {t.record.operations} ({operations.length})
        </h2>
        <ul class="dk-hits" aria-labelledby="operations">
          {shownOperations.items.map((o) => (
            <li key={o.op} class="dk-hit">
              <p class="ds-paragraph">
                <span class="ds-tag" data-color="info">
                  {o.method}
                </span>{' '}
                <code>{o.path}</code>
              </p>
              {o.summary !== undefined && (
                <p class="ds-paragraph">
                  <Text ctx={ctx} value={o.summary} />
                </p>
              )}
            </li>
          ))}
        </ul>
        <ListPageNav ctx={ctx} list={shownOperations} heading={t.record.operations} anchor="operations" />
      </section>
    )}
    </>
  );
}
