import { DCAT, DCT, VCARD } from '../../../../rdf/namespaces.js';
import { ExternalLink, ExternalLinksFact, Fact, TextsFact, LinkedFact, Period, Resource, Resources, Text } from '../record-parts.js';
import { LIST_PAGE_SIZE, listPage, ListPageNav } from '../paged-list.js';
import type { KindSectionProps } from '../record-view.js';

/**
 * A dataset's own part of its page: its distributions (format, licence, access URL and download link),
 * access rights, themes, keywords, temporal and spatial coverage, contact point, landing page.
 */
export function DatasetSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const { graph, iri } = view;
  const distributions = graph.iris(iri, DCAT.distribution);
  const shown = listPage(ctx, 'distributions', distributions);
  const contacts = graph.iris(iri, DCAT.contactPoint);
  const keywords = graph.texts(iri, DCAT.keyword, ctx.lang);
  return (
    <>
      <section class="dk-section" aria-labelledby="facts">
        <h2 class="ds-heading" data-size="sm" id="facts">
          {t.record.facts}
        </h2>
        <dl class="dk-facts">
          <LinkedFact ctx={ctx} view={view} label={t.record.accessRights} subject={iri} predicate={DCT.accessRights} />
          <LinkedFact ctx={ctx} view={view} label={t.record.themes} subject={iri} predicate={DCAT.theme} />
          <TextsFact ctx={ctx} label={t.record.keywords} values={keywords} />
          <Fact label={t.record.temporal} show={graph.iris(iri, DCT.temporal).length > 0}>
            {graph.iris(iri, DCT.temporal).map((node) => (
              <div key={node}>
                <Period ctx={ctx} view={view} node={node} />
              </div>
            ))}
          </Fact>
          <LinkedFact ctx={ctx} view={view} label={t.record.spatial} subject={iri} predicate={DCT.spatial} />
          <LinkedFact ctx={ctx} view={view} label={t.record.frequency} subject={iri} predicate={DCT.accrualPeriodicity} />
          <LinkedFact ctx={ctx} view={view} label={t.record.licence} subject={iri} predicate={DCT.license} />
          <LinkedFact ctx={ctx} view={view} label={t.record.conformsTo} subject={iri} predicate={DCT.conformsTo} />
          <ExternalLinksFact ctx={ctx} label={t.record.landingPage} values={graph.iris(iri, DCAT.landingPage)} />
          <Fact label={t.record.contact} show={contacts.length > 0}>
            {contacts.map((c) => (
              <Contact key={c} ctx={ctx} view={view} node={c} />
            ))}
          </Fact>
        </dl>
      </section>
      {distributions.length > 0 && (
        <section class="dk-section" aria-labelledby="distributions">
          <h2 class="ds-heading" data-size="sm" id="distributions">
            {t.record.distributions}
          </h2>
          <ul class="dk-hits">
            {shown.items.map((d, i) => (
              <Distribution key={d} ctx={ctx} view={view} node={d} n={(shown.page - 1) * LIST_PAGE_SIZE + i + 1} />
            ))}
          </ul>
          <ListPageNav ctx={ctx} list={shown} heading={t.record.distributions} anchor="distributions" />
        </section>
      )}
    </>
  );
}

function Distribution({ ctx, view, node, n }: KindSectionProps & { node: string; n: number }) {
  const { t } = ctx;
  const { graph } = view;
  const title = graph.text(node, [DCT.title], ctx.lang);
  const description = graph.text(node, [DCT.description], ctx.lang);
  const formats = [...graph.iris(node, DCT.format), ...graph.iris(node, DCAT.mediaType)];
  const formatTexts = graph.literals(node, DCT.format).map((l) => l.text);
  return (
    <li class="dk-hit">
      <h3 class="ds-heading" data-size="xs">
        {title !== undefined ? <Text ctx={ctx} value={title} /> : `${t.record.distribution} ${n}`}
      </h3>
      {description !== undefined && (
        <p class="ds-paragraph">
          <Text ctx={ctx} value={description} />
        </p>
      )}
      <dl class="dk-facts">
        <Fact label={t.record.format} show={formats.length + formatTexts.length > 0}>
          {formats.map((f, i) => (
            <span key={f}>
              {i > 0 ? ', ' : ''}
              <Resource ctx={ctx} view={view} iri={f} />
            </span>
          ))}
          {formatTexts.join(', ')}
        </Fact>
        <Fact label={t.record.licence} show={graph.iris(node, DCT.license).length > 0}>
          <Resources ctx={ctx} view={view} iris={graph.iris(node, DCT.license)} />
        </Fact>
        <ExternalLinksFact ctx={ctx} label={t.record.accessUrl} values={graph.iris(node, DCAT.accessURL)} />
        <ExternalLinksFact ctx={ctx} label={t.record.downloadUrl} values={graph.iris(node, DCAT.downloadURL)} />
        <Fact label={t.record.accessService} show={graph.iris(node, DCAT.accessService).length > 0}>
          <Resources ctx={ctx} view={view} iris={graph.iris(node, DCAT.accessService)} />
        </Fact>
      </dl>
    </li>
  );
}

/** A contact point (vCard): name, e-mail, telephone, web page. */
export function Contact({ ctx, view, node }: KindSectionProps & { node: string }) {
  const { graph } = view;
  const name = graph.text(node, [VCARD.fn, VCARD.hasOrganizationName], ctx.lang);
  const emails = graph.values(node, VCARD.hasEmail);
  const phones = graph.values(node, VCARD.hasTelephone);
  const urls = graph.iris(node, VCARD.hasURL);
  return (
    <div>
      {name !== undefined && (
        <div>
          <Text ctx={ctx} value={name} />
        </div>
      )}
      {emails.map((e) => {
        const address = e.replace(/^mailto:/, '');
        return (
          <div key={e}>
            <a class="ds-link" href={`mailto:${address}`}>
              {address}
            </a>
          </div>
        );
      })}
      {phones.map((p) => (
        <div key={p}>{p.replace(/^tel:/, '')}</div>
      ))}
      {urls.map((u) => (
        <div key={u}>
          <ExternalLink value={u} />
        </div>
      ))}
    </div>
  );
}
