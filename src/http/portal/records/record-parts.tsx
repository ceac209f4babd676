import type { ComponentChildren } from 'preact';
import { DCAT, DCT, FOAF, RDFS, SCHEMA, SKOS, VCARD } from '../../../rdf/namespaces.js';
import { formatCount, formatDate } from '../format/dates.js';
import { linkableUrl } from '../html/safe-url.js';
import { foreignLang } from '../i18n/portal-language.js';
import type { PortalContext } from '../portal-context.js';
import { recordPath } from '../search/record-path.js';
import { partHref } from './element-anchor.js';
import type { ShownText } from './record-graph-view.js';
import type { RecordView } from './record-view.js';

/**
 * The most values one fact of a record page shows (themes, places, keywords, links, …); past it, how
 * many more there are, which the record's RDF downloads hold. A record may give 10 000 of one property.
 */
export const MAX_FACT_VALUES = 100;

/** How many values past MAX_FACT_VALUES a fact leaves out; nothing when none. */
export function MoreValues({ ctx, total }: { ctx: PortalContext; total: number }) {
  if (total <= MAX_FACT_VALUES) return null;
  return <span class="dk-count">{ctx.t.record.andMore(formatCount(total - MAX_FACT_VALUES, ctx.lang))}</span>;
}

/** A fact of keywords (or other texts), comma-separated, at most MAX_FACT_VALUES; nothing when there are none. */
export function TextsFact({ ctx, label, values }: { ctx: PortalContext; label: string; values: readonly ShownText[] }) {
  return (
    <Fact label={label} show={values.length > 0}>
      {values.slice(0, MAX_FACT_VALUES).map((k, i) => (
        <span key={i}>
          {i > 0 ? ', ' : ''}
          <Text ctx={ctx} value={k} />
        </span>
      ))}{' '}
      <MoreValues ctx={ctx} total={values.length} />
    </Fact>
  );
}

/** A literal, marked with its language when it is not the page's. */
export function Text({ ctx, value }: { ctx: PortalContext; value: ShownText | undefined }) {
  if (value === undefined) return null;
  const lang = foreignLang(value.lang === '' ? null : value.lang, ctx.lang);
  return lang === undefined ? <>{value.text}</> : <span lang={lang}>{value.text}</span>;
}

/**
 * An IRI as people want to see it: a link to its record page when the catalog has a record of it;
 * the vocabulary's label when it is a known term; otherwise a link to the IRI itself (http/https only)
 * or the IRI as text.
 */
export function Resource({ ctx, view, iri }: { ctx: PortalContext; view: RecordView; iri: string }) {
  const hit = view.outgoing.get(iri);
  if (hit !== undefined) {
    return (
      <a class="ds-link" href={hit.part === true ? partHref(ctx, hit.type, hit.id, iri) : ctx.href(recordPath(hit.type, hit.id))} lang={foreignLang(hit.language, ctx.lang)}>
        {hit.title ?? iri}
      </a>
    );
  }
  const label = view.termLabel(iri, ctx.lang);
  if (label !== undefined) return <Text ctx={ctx} value={label} />;
  const described = view.graph.text(iri, [DCT.title, FOAF.name, SKOS.prefLabel, RDFS.label, VCARD.fn], ctx.lang);
  const url = linkableUrl(iri);
  const text = described !== undefined ? <Text ctx={ctx} value={described} /> : <span class="dk-iri">{iri}</span>;
  return url !== undefined && !isSkolem(iri) ? (
    <a class="ds-link" href={url}>
      {text}
    </a>
  ) : (
    text
  );
}

/** A URL from the data: a link when it is http(s), else text. */
export function ExternalLink({ value, children }: { value: string; children?: ComponentChildren }) {
  const url = linkableUrl(value);
  if (url === undefined) return <span class="dk-iri">{value}</span>;
  return (
    <a class="ds-link dk-iri" href={url}>
      {children ?? value}
    </a>
  );
}

/** One fact in a description list; nothing when there is nothing to say. */
export function Fact({ label, children, show = true }: { label: string; children: ComponentChildren; show?: boolean }) {
  if (!show) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** A fact whose values are outside links, one per line, at most MAX_FACT_VALUES; nothing when there are none. */
export function ExternalLinksFact({ ctx, label, values }: { ctx: PortalContext; label: string; values: readonly string[] }) {
  return (
    <Fact label={label} show={values.length > 0}>
      {values.slice(0, MAX_FACT_VALUES).map((u) => (
        <div key={u}>
          <ExternalLink value={u} />
        </div>
      ))}
      <MoreValues ctx={ctx} total={values.length} />
    </Fact>
  );
}

/** A list of IRIs shown as resources (comma-free, one per line when several), at most MAX_FACT_VALUES. */
export function Resources({ ctx, view, iris }: { ctx: PortalContext; view: RecordView; iris: readonly string[] }) {
  if (iris.length === 0) return null;
  if (iris.length === 1) return <Resource ctx={ctx} view={view} iri={iris[0]!} />;
  return (
    <>
      <ul class="ds-list">
        {iris.slice(0, MAX_FACT_VALUES).map((iri) => (
          <li key={iri}>
            <Resource ctx={ctx} view={view} iri={iri} />
          </li>
        ))}
      </ul>
      <MoreValues ctx={ctx} total={iris.length} />
    </>
  );
}

/** One fact listing the resources `subject` links to with `predicate`; nothing when it links to none. */
export function LinkedFact({ ctx, view, label, subject, predicate }: { ctx: PortalContext; view: RecordView; label: string; subject: string; predicate: string }) {
  const iris = view.graph.iris(subject, predicate);
  return (
    <Fact label={label} show={iris.length > 0}>
      <Resources ctx={ctx} view={view} iris={iris} />
    </Fact>
  );
}

/** A period of time (dct:temporal node): start and end, in words. */
export function Period({ ctx, view, node }: { ctx: PortalContext; view: RecordView; node: string }) {
  const { t } = ctx;
  const start = view.graph.values(node, DCAT.startDate)[0] ?? view.graph.values(node, SCHEMA.startDate)[0];
  const end = view.graph.values(node, DCAT.endDate)[0] ?? view.graph.values(node, SCHEMA.endDate)[0];
  if (start === undefined && end === undefined) return <Resource ctx={ctx} view={view} iri={node} />;
  return (
    <>
      {start !== undefined && `${t.record.from} ${formatDate(start, ctx.lang)}`} {end !== undefined && `${t.record.to} ${formatDate(end, ctx.lang)}`}
    </>
  );
}

export const isSkolem = (iri: string): boolean => iri.includes('/.well-known/skolem/');

