import { DCT, FOAF } from '../../../rdf/namespaces.js';
import { descriptionPredicatesOf, titlePredicatesOf } from '../../../rdf/resource-title.js';
import { RelationsSection } from '../records/relations-section.js';
import { formatDate } from '../format/dates.js';
import { foreignLang } from '../i18n/portal-language.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';
import { fallbackTitle, kindSectionOf, showsDescription } from '../records/kind-sections.js';
import { Fact, Resource, Text } from '../records/record-parts.js';
import type { RecordView } from '../records/record-view.js';
import { ValidationReportView } from '../records/validation-report-section.js';
import { recordPath } from '../search/record-path.js';

const VALIDATION_COLOR = { conforms: 'success', 'has-violations': 'warning', 'not-validated': 'neutral' } as const;


/** The record's download formats: `?format=` on the record URI, answered by the record URI's own RDF. */
export const DOWNLOADS = [
  { format: 'turtle', label: 'Turtle' },
  { format: 'jsonld', label: 'JSON-LD' },
  { format: 'rdfxml', label: 'RDF/XML' },
] as const;

/**
 * The page of one record, at its record URI: title, description, the kind's own part (kinds/),
 * publisher and dates, relations both ways, the validation report in plain words, downloads.
 */
export function RecordPage({ ctx, view }: { ctx: PortalContext; view: RecordView }) {
  const { t } = ctx;
  const { graph, iri, record } = view;
  const title = graph.text(iri, titlePredicatesOf(record.kind), ctx.lang) ?? fallbackTitle(view, ctx.lang);
  const description = showsDescription(record.kind) ? graph.text(iri, descriptionPredicatesOf(record.kind), ctx.lang) : undefined;
  const Section = kindSectionOf(record.kind);
  const status = record.validation === null ? 'not-validated' : record.validation.conforms ? 'conforms' : 'has-violations';
  const path = recordPath(record.kind, record.id);
  const publishers = graph.iris(iri, DCT.publisher);
  const outgoing = [...view.outgoing.values()];
  return (
    <PageLayout ctx={ctx} title={title?.text ?? iri}>
      <p class="ds-paragraph">
        <span class="ds-tag" data-color="neutral">
          {t.kinds[record.kind].one}
        </span>{' '}
        <span class="ds-tag" data-color={VALIDATION_COLOR[status]}>
          {t.validation[status]}
        </span>
      </p>
      <h1 class="ds-heading" data-size="lg" lang={foreignLang(title?.lang === '' ? null : title?.lang, ctx.lang)}>
        {title?.text ?? iri}
      </h1>
      {description !== undefined && (
        <p lang={foreignLang(description.lang === '' ? null : description.lang, ctx.lang)} class="ds-paragraph dk-pre-line">
          {description.text}
        </p>
      )}
      <dl class="dk-facts">
        <Fact label={t.record.publisher} show={publishers.length > 0}>
          {publishers.map((p) => {
            const orgnr = /(\d{9})\/?$/.exec(p)?.[1];
            return (
              <div key={p}>
                {orgnr !== undefined ? (
                  <a class="ds-link" href={ctx.href(`/publishers/${orgnr}`)}>
                    {graph.text(p, [FOAF.name], ctx.lang)?.text ?? view.termLabel(p, ctx.lang)?.text ?? orgnr}
                  </a>
                ) : (
                  <Resource ctx={ctx} view={view} iri={p} />
                )}
              </div>
            );
          })}
        </Fact>
        <Fact label={t.record.issued} show={graph.values(iri, DCT.issued).length > 0}>
          {formatDate(graph.values(iri, DCT.issued)[0], ctx.lang)}
        </Fact>
        <Fact label={t.record.modified} show={graph.values(iri, DCT.modified).length > 0}>
          {formatDate(graph.values(iri, DCT.modified)[0], ctx.lang)}
        </Fact>
        <Fact label={t.record.identifier} show={graph.literals(iri, DCT.identifier).length > 0}>
          {graph.literals(iri, DCT.identifier).map((l) => (
            <div key={l.text} class="dk-iri">
              {l.text}
            </div>
          ))}
        </Fact>
        <Fact label={t.record.originalIri}>
          <span class="dk-iri">{iri}</span>
        </Fact>
      </dl>
      <Section ctx={ctx} view={view} />
      {view.relations !== undefined ? (
        <RelationsSection ctx={ctx} view={view} relations={view.relations} />
      ) : (
        <section class="dk-section" aria-labelledby="relations">
        <h2 class="ds-heading" data-size="sm" id="relations">
          {t.record.relations}
        </h2>
        {outgoing.length === 0 && view.incoming.length === 0 && <p class="ds-paragraph">{t.record.noRelations}</p>}
        {outgoing.length > 0 && (
          <>
            <h3 class="ds-heading" data-size="xs" id="outgoing">
              {t.record.outgoing}
            </h3>
            <ul class="ds-list" aria-labelledby="outgoing">
              {outgoing.map((hit) => (
                <li key={hit.id}>
                  <a class="ds-link" href={ctx.href(recordPath(hit.type, hit.id))} lang={foreignLang(hit.language, ctx.lang)}>
                    {hit.title ?? hit.iri}
                  </a>{' '}
                  <span class="dk-count">({t.kinds[hit.type].one})</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {view.incoming.length > 0 && (
          <>
            <h3 class="ds-heading" data-size="xs" id="incoming">
              {t.record.incoming}
            </h3>
            <ul class="ds-list" aria-labelledby="incoming">
              {view.incoming.map((hit) => (
                <li key={hit.id}>
                  <a class="ds-link" href={ctx.href(recordPath(hit.type, hit.id))} lang={foreignLang(hit.language, ctx.lang)}>
                    {hit.title ?? hit.iri}
                  </a>{' '}
                  <span class="dk-count">({t.kinds[hit.type].one})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      )}
      <section class="dk-section" aria-labelledby="validation">
        <h2 class="ds-heading" data-size="sm" id="validation">
          {t.validation.heading}
        </h2>
        {record.validation === null ? (
          <p class="ds-paragraph">{t.validation['not-validated']}</p>
        ) : (
          <ValidationReportView ctx={ctx} report={record.validation} headingId="report" resource={(focus) => <Resource ctx={ctx} view={view} iri={focus} />} />
        )}
      </section>
      <section class="dk-section" aria-labelledby="catalog-record">
        <h2 class="ds-heading" data-size="sm" id="catalog-record">
          {t.record.catalogRecord}
        </h2>
        <dl class="dk-facts">
          <Fact label={t.record.firstHarvested}>{formatDate(record.issued, ctx.lang)}</Fact>
          <Fact label={t.record.lastChanged}>{formatDate(record.modified, ctx.lang)}</Fact>
          <Fact label={view.catalog?.kind === 'collection' ? t.record.partOfCollection : t.record.partOf} show={view.catalog !== undefined}>
            {view.catalog !== undefined && (
              <a class="ds-link" href={ctx.href(recordPath(view.catalog.kind, view.catalog.id))}>
                {view.catalog.title !== undefined ? <Text ctx={ctx} value={view.catalog.title} /> : view.catalog.id}
              </a>
            )}
          </Fact>
        </dl>
        <h3 class="ds-heading" data-size="xs" id="downloads">
          {t.record.downloads}
        </h3>
        <ul class="ds-list" aria-labelledby="downloads">
          {DOWNLOADS.map((d) => (
            <li key={d.format}>
              <a class="ds-link" href={`${path}?format=${d.format}`} download>
                {t.record.downloadAs(d.label)}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </PageLayout>
  );
}

