import { DCAT, SKOS } from '../../../../rdf/namespaces.js';
import { Fact, LinkedFact, Resource } from '../record-parts.js';
import { listPage, ListPageNav } from '../paged-list.js';
import type { KindSectionProps } from '../record-view.js';
import { Contact } from './dataset-section.js';

/**
 * A concept collection's own part of its page (a skos:Collection, or a dcat:Catalog of concepts): its
 * concepts, each a link to its page, in the order of their terms in the page language.
 */
export function CollectionSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const { graph, iri } = view;
  const members = graph.iris(iri, SKOS.member);
  const contacts = graph.iris(iri, DCAT.contactPoint);
  const title = (m: string) => view.outgoing.get(m)?.title ?? m;
  const sorted = [...members].sort((a, b) => Number(!view.outgoing.has(a)) - Number(!view.outgoing.has(b)) || title(a).localeCompare(title(b), ctx.lang));
  const shown = listPage(ctx, 'members', sorted);
  return (
    <>
      <section class="dk-section" aria-labelledby="facts">
        <h2 class="ds-heading" data-size="sm" id="facts">
          {t.record.facts}
        </h2>
        <dl class="dk-facts">
          <LinkedFact ctx={ctx} view={view} label={t.record.themes} subject={iri} predicate={DCAT.theme} />
          <Fact label={t.record.contact} show={contacts.length > 0}>
            {contacts.map((c) => (
              <Contact key={c} ctx={ctx} view={view} node={c} />
            ))}
          </Fact>
        </dl>
      </section>
      <section class="dk-section" aria-labelledby="members">
        <h2 class="ds-heading" data-size="sm" id="members">
          {t.concept.members} ({members.length})
        </h2>
        {members.length === 0 ? (
          <p class="ds-paragraph">{t.concept.noMembers}</p>
        ) : (
          <>
            <ul class="ds-list">
              {shown.items.map((m) => (
                <li key={m}>
                  <Resource ctx={ctx} view={view} iri={m} />
                </li>
              ))}
            </ul>
            <ListPageNav ctx={ctx} list={shown} heading={t.concept.members} anchor="members" />
          </>
        )}
      </section>
    </>
  );
}
