import { describeModel, multiplicityOf, type LangText, type ModelElement, type ModelElementKind, type ModelProperty } from '../../../../rdf/model-description.js';
import { DCAT, DCT, OWL } from '../../../../rdf/namespaces.js';
import type { PortalContext } from '../../portal-context.js';
import { elementAnchor } from '../element-anchor.js';
import { IncomingLinks } from '../incoming-links.js';
import { languageRank, type ShownText } from '../record-graph-view.js';
import { ExternalLink, ExternalLinksFact, Fact, TextsFact, LinkedFact, Resource, Resources, Text } from '../record-parts.js';
import type { KindSectionProps, RecordView } from '../record-view.js';
import { Contact } from './dataset-section.js';
import { askedModelPage, modelPages } from './model-pages.js';
import { formatCount } from '../../format/dates.js';
import { Pagination } from '../../layout/pagination.js';
import { recordPath } from '../../search/record-path.js';

const GROUP_ORDER: readonly ModelElementKind[] = ['root-object-type', 'object-type', 'data-type', 'simple-type', 'code-list', 'module', 'element'];

/** Props every part of the model page gets: the page, the record, the model's own elements by IRI, and the link to a part of it. */
interface ModelProps {
  readonly ctx: PortalContext;
  readonly view: RecordView;
  readonly elements: ReadonlyMap<string, ModelElement>;
  /** `#anchor` for a part on the page shown, `?elements=n#anchor` for one on another page of the model. */
  readonly partLink: (iri: string) => string;
}

/** The text of the page's language among several (fallback nb → nn → en → any). */
function pick(texts: readonly LangText[], ctx: PortalContext): ShownText | undefined {
  const best = [...texts].sort((a, b) => languageRank(a.lang, ctx.lang) - languageRank(b.lang, ctx.lang))[0];
  return best === undefined ? undefined : { text: best.value, lang: best.lang };
}

const localName = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1) || iri;

/** The name shown for an element or property: its title in the page language, else its IRI's local name. */
const nameOf = (item: { iri: string; titles: readonly LangText[] }, ctx: PortalContext): ShownText => pick(item.titles, ctx) ?? { text: localName(item.iri), lang: '' };

/** In reading order: by sequence number where the model gives one, then by name in the page language. */
function inOrder<T extends { iri: string; titles: readonly LangText[]; sequenceNumber?: number | null }>(items: readonly T[], ctx: PortalContext): T[] {
  const name = (i: T) => nameOf(i, ctx).text;
  return [...items].sort((a, b) => (a.sequenceNumber ?? Infinity) - (b.sequenceNumber ?? Infinity) || name(a).localeCompare(name(b), ctx.lang));
}

/**
 * An information model's own part of its page (ModellDCAT-AP-NO, read by src/rdf/model-description.ts):
 * its facts, a table of contents that is the model as a tree (element groups → elements → properties,
 * every entry a link to its place on the page), then each element: object types with their attributes
 * and roles (multiplicity, type, the concept each means), simple types with their restrictions, code
 * lists with their values, modules; the elements it reuses from other models; the datasets and APIs
 * that conform to it.
 */
export function InformationModelSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const { graph, iri } = view;
  const model = describeModel(graph.quads, iri);
  const elements = new Map(model.elements.map((e) => [e.iri, e]));
  const groups = GROUP_ORDER.map((kind) => ({ kind, members: inOrder(model.elements.filter((e) => e.kind === kind), ctx) })).filter((g) => g.members.length > 0);
  // A long model is shown a page of its elements at a time (model-pages.ts): the contents list the page's.
  const paged = modelPages(groups.flatMap((g) => g.members));
  const page = askedModelPage(ctx.currentPath, paged);
  const shown = paged.pages[page - 1] ?? [];
  const onPage = new Set(shown.map((e) => e.iri));
  const path = recordPath(view.record.kind, view.record.id);
  const pageLink = (p: number): string => ctx.href(path, { elements: p > 1 ? String(p) : undefined });
  const partLink = (part: string): string => {
    const at = paged.pageOf.get(part);
    return `${at === undefined || at === page ? '' : pageLink(at)}#${elementAnchor(part)}`;
  };
  const firstShown = paged.pages.slice(0, page - 1).reduce((n, p) => n + p.length, 0) + 1;
  const contacts = graph.iris(iri, DCAT.contactPoint);
  const keywords = graph.texts(iri, DCAT.keyword, ctx.lang);
  const version = graph.text(iri, [OWL.versionInfo], ctx.lang);
  const props = { ctx, view, elements, partLink };
  return (
    <>
      <section class="dk-section" aria-labelledby="facts">
        <h2 class="ds-heading" data-size="sm" id="facts">
          {t.model.facts}
        </h2>
        <dl class="dk-facts">
          <Fact label={t.model.version} show={version !== undefined}>
            <Text ctx={ctx} value={version} />
          </Fact>
          <LinkedFact ctx={ctx} view={view} label={t.record.themes} subject={iri} predicate={DCAT.theme} />
          <TextsFact ctx={ctx} label={t.record.keywords} values={keywords} />
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
      <nav class="dk-section" aria-labelledby="model-contents">
        <h2 class="ds-heading" data-size="sm" id="model-contents">
          {t.model.contents}
        </h2>
        {groups.length === 0 && model.reusedElements.length === 0 ? (
          <p class="ds-paragraph">{t.model.noElements}</p>
        ) : (
          <ul class="dk-tree">
            {groups.map((g) => (
              <li key={g.kind}>
                {t.model.elementGroups[g.kind]} ({formatCount(g.members.length, ctx.lang)})
                <ul>
                  {g.members.filter((e) => onPage.has(e.iri)).map((e) => (
                    <li key={e.iri}>
                      <a class="ds-link" href={`#${elementAnchor(e.iri)}`}>
                        <Text ctx={ctx} value={nameOf(e, ctx)} />
                      </a>
                      {e.properties.length > 0 && (
                        <ul>
                          {inOrder(e.properties, ctx).map((p) => (
                            <li key={p.iri}>
                              <a class="ds-link" href={`#${elementAnchor(p.iri)}`}>
                                <Text ctx={ctx} value={nameOf(p, ctx)} />
                              </a>
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
            {model.reusedElements.length > 0 && (
              <li>
                {t.model.reused} ({model.reusedElements.length})
                <ul>
                  {model.reusedElements.map((e) => (
                    <li key={e}>
                      <Resource ctx={ctx} view={view} iri={e} />
                    </li>
                  ))}
                </ul>
              </li>
            )}
          </ul>
        )}
        {paged.pages.length > 1 && (
          <>
            <p class="ds-paragraph">{t.record.listShown(formatCount(firstShown, ctx.lang), formatCount(firstShown + shown.length - 1, ctx.lang), formatCount(model.elements.length, ctx.lang))}</p>
            <Pagination ctx={ctx} label={t.record.listPages(t.model.elements)} page={page} pages={paged.pages.length} link={(p) => `${pageLink(p)}#model-contents`} />
          </>
        )}
      </nav>
      {model.elements.length > 0 && (
        <section class="dk-section" aria-labelledby="model-elements">
          <h2 class="ds-heading" data-size="sm" id="model-elements">
            {t.model.elements}
          </h2>
          {shown.map((e) => (
            <Element key={e.iri} {...props} element={e} />
          ))}
        </section>
      )}
      <IncomingLinks ctx={ctx} view={view} id="conformed-by" heading={t.model.conformedBy} types={['conformsTo', 'informationModel']} none={t.model.conformedByNone} />
    </>
  );
}

function Element({ ctx, view, elements, partLink, element }: ModelProps & { element: ModelElement }) {
  const { t } = ctx;
  const anchor = elementAnchor(element.iri);
  const title = nameOf(element, ctx);
  const description = pick(element.descriptions, ctx);
  return (
    <section class="dk-element" id={anchor} aria-labelledby={`${anchor}-h`}>
      <h3 class="ds-heading" data-size="xs" id={`${anchor}-h`}>
        <Text ctx={ctx} value={title} />{' '}
        <span class="ds-tag" data-color="neutral">
          {t.model.elementKinds[element.kind]}
        </span>
      </h3>
      {description !== undefined && (
        <p class="ds-paragraph dk-pre-line">
          <Text ctx={ctx} value={description} />
        </p>
      )}
      {hasFacts(element) && (
      <dl class="dk-facts">
        <Fact label={t.model.meaning} show={element.subjects.length > 0}>
          <Resources ctx={ctx} view={view} iris={element.subjects} />
        </Fact>
        <Fact label={t.model.inModule} show={element.modules.length > 0}>
          {element.modules.map((m) => (
            <div key={m}>
              <TypeLink ctx={ctx} view={view} elements={elements} partLink={partLink} iri={m} />
            </div>
          ))}
        </Fact>
        <Fact label={t.model.restrictions} show={element.restrictions.length > 0}>
          {element.restrictions.map((r) => (
            <div key={`${r.facet}-${r.value}`}>
              {r.facet}: <code>{r.value}</code>
            </div>
          ))}
        </Fact>
        <Fact label={t.model.typeDefinition} show={element.typeDefinitionReference !== null}>
          {element.typeDefinitionReference !== null && <ExternalLink value={element.typeDefinitionReference} />}
        </Fact>
        <Fact label={t.model.notes} show={element.notes.length > 0}>
          <Notes ctx={ctx} notes={element.notes} />
        </Fact>
        <Fact label={t.model.moduleMembers} show={element.members.length > 0}>
          {element.members.map((m) => (
            <div key={m}>
              <TypeLink ctx={ctx} view={view} elements={elements} partLink={partLink} iri={m} />
            </div>
          ))}
        </Fact>
      </dl>
      )}
      {element.properties.length > 0 && (
        <>
          <h4 class="ds-heading" data-size="2xs">
            {t.model.properties(title.text)}
          </h4>
          <Properties ctx={ctx} view={view} elements={elements} partLink={partLink} properties={element.properties} />
        </>
      )}
      {element.codes.length > 0 && (
        <>
          <h4 class="ds-heading" data-size="2xs">
            {t.model.codes(title.text)}
          </h4>
          <dl class="dk-facts">
            {element.codes.map((c) => (
              <Fact key={c.iri} label={c.notations.join(', ') || localName(c.iri)}>
                <span id={elementAnchor(c.iri)}>
                  <Text ctx={ctx} value={pick(c.labels, ctx)} />
                </span>
                {c.subjects.length > 0 && (
                  <>
                    {' '}
                    ({t.model.meaning}: <Resources ctx={ctx} view={view} iris={c.subjects} />)
                  </>
                )}
              </Fact>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

const hasFacts = (e: ModelElement): boolean =>
  e.subjects.length + e.modules.length + e.restrictions.length + e.notes.length + e.members.length > 0 || e.typeDefinitionReference !== null;

function Properties({ ctx, view, elements, partLink, properties }: ModelProps & { properties: readonly ModelProperty[] }) {
  const { t } = ctx;
  return (
    <ul class="dk-props">
      {inOrder(properties, ctx).map((p) => {
        const title = nameOf(p, ctx);
        const description = pick(p.descriptions, ctx);
        const multiplicity = multiplicityOf(p);
        return (
          <li key={p.iri} id={elementAnchor(p.iri)}>
            <p class="ds-paragraph">
              <strong>
                <Text ctx={ctx} value={title} />
              </strong>{' '}
              <span class="dk-count">
                ({t.model.propertyKinds[p.kind]}
                {multiplicity !== null && (
                  <>
                    , <abbr title={t.model.multiplicity}>[{multiplicity}]</abbr>
                  </>
                )}
                )
              </span>
            </p>
            {description !== undefined && (
              <p class="ds-paragraph dk-pre-line">
                <Text ctx={ctx} value={description} />
              </p>
            )}
            <dl class="dk-facts">
              <Fact label={t.model.type} show={p.types.length > 0}>
                {p.types.map((ty) => (
                  <div key={`${ty.predicate}-${ty.iri}`}>
                    <TypeLink ctx={ctx} view={view} elements={elements} partLink={partLink} iri={ty.iri} />
                  </div>
                ))}
              </Fact>
              <Fact label={t.model.meaning} show={p.subjects.length > 0}>
                <Resources ctx={ctx} view={view} iris={p.subjects} />
              </Fact>
              <Fact label={t.model.notes} show={p.notes.length > 0}>
                <Notes ctx={ctx} notes={p.notes} />
              </Fact>
              <Fact label={t.model.alternatives} show={p.alternatives.length > 0}>
                <Properties ctx={ctx} view={view} elements={elements} partLink={partLink} properties={p.alternatives} />
              </Fact>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

/** An element a property points at: a link to its place on this page when the model describes it, else a resource link (another model's page). */
function TypeLink({ ctx, view, elements, partLink, iri }: ModelProps & { iri: string }) {
  const target = elements.get(iri);
  if (target === undefined) return <Resource ctx={ctx} view={view} iri={iri} />;
  return (
    <a class="ds-link" href={partLink(iri)}>
      <Text ctx={ctx} value={nameOf(target, ctx)} />
    </a>
  );
}

function Notes({ ctx, notes }: { ctx: PortalContext; notes: readonly LangText[] }) {
  const note = pick(notes, ctx);
  return note === undefined ? null : (
    <span class="dk-pre-line">
      <Text ctx={ctx} value={note} />
    </span>
  );
}
