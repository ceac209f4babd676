import { RDF } from '../../../../rdf/namespaces.js';
import { prefixedName } from '../property-names.js';
import { Fact, Resource, Text } from '../record-parts.js';
import type { KindSectionProps } from '../record-view.js';

/**
 * Every property of the resource, for kinds that have no page part of their own yet: nothing in the
 * record is hidden, values are links or labelled terms where the catalog knows them.
 */
export function PropertyListSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const { graph, iri } = view;
  const predicates = graph.predicates(iri).filter((p) => p !== RDF.type);
  if (predicates.length === 0) return null;
  return (
    <section class="dk-section" aria-labelledby="properties">
      <h2 class="ds-heading" data-size="sm" id="properties">
        {t.record.otherProperties}
      </h2>
      <dl class="dk-facts">
        {predicates.map((p) => (
          <Fact key={p} label={prefixedName(p)}>
            {graph.objects(iri, p).map((o, i) => (
              <div key={i}>{o.termType === 'Literal' ? <Text ctx={ctx} value={{ text: o.value, lang: o.language }} /> : <Resource ctx={ctx} view={view} iri={o.value} />}</div>
            ))}
          </Fact>
        ))}
      </dl>
    </section>
  );
}
