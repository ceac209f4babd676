import { describeConcept, preferredTerm, type ConceptDefinition, type ConceptLabel, type ConceptLink, type LangText } from '../../../../rdf/concept-description.js';
import { DCAT } from '../../../../rdf/namespaces.js';
import { formatDate } from '../../format/dates.js';
import { languageName } from '../../format/language-names.js';
import type { PortalContext } from '../../portal-context.js';
import { recordPath } from '../../search/record-path.js';
import { IncomingLinks } from '../incoming-links.js';
import { listPage, ListPageNav } from '../paged-list.js';
import { languageRank, type ShownText } from '../record-graph-view.js';
import { ExternalLink, Fact, Resource, Resources, Text } from '../record-parts.js';
import type { KindSectionProps, RecordView } from '../record-view.js';
import { Contact } from './dataset-section.js';

const ROLES = ['prefLabel', 'altLabel', 'hiddenLabel'] as const;

const shown = (t: LangText) => ({ text: t.value, lang: t.lang });

/**
 * A concept's own part of its page (SKOS-AP-NO-Begrep, read by src/rdf/concept-description.ts): its
 * terms per language (preferred, admitted, deprecated), definitions with audience and source, notes
 * and examples, validity, the generic, partitive and associative relations (with what qualifies them),
 * the collections it is in, and the datasets, APIs and information models that say they use it.
 */
export function ConceptSection({ ctx, view }: KindSectionProps) {
  const { t } = ctx;
  const c = describeConcept(view.graph.quads, view.iri);
  const byLanguage = (a: LangText, b: LangText) => languageRank(a.lang, ctx.lang) - languageRank(b.lang, ctx.lang);
  const contacts = view.graph.iris(view.iri, DCAT.contactPoint);
  // What this graph says, and what other concepts' records say of this one (a narrower concept states its broader).
  const stated = (links: readonly ConceptLink[], type: string, directions: readonly ('outgoing' | 'incoming')[]): ConceptLink[] => {
    const out = [...links];
    for (const direction of directions) {
      for (const e of view.relations?.[direction] ?? []) if (e.type === type && !out.some((l) => l.iri === e.iri)) out.push({ iri: e.iri, qualifiers: [] });
    }
    return out;
  };
  const relations: readonly (readonly [string, string, readonly ConceptLink[]])[] = [
    ['broader', t.concept.broader, stated(c.genericParents, 'genericConcept', ['outgoing'])],
    ['narrower', t.concept.narrower, stated(c.genericChildren, 'genericConcept', ['incoming'])],
    ['wholes', t.concept.wholes, stated(c.partitiveParents, 'partitiveConcept', ['outgoing'])],
    ['parts', t.concept.parts, stated(c.partitiveChildren, 'partitiveConcept', ['incoming'])],
    ['related', t.concept.related, stated(c.related, 'associativeConcept', ['outgoing', 'incoming'])],
  ];
  const subjectTexts = inBestLanguage(c.subjectTexts, ctx);
  const shownRelations = relations.filter(([, , links]) => links.length > 0);
  const inCollection = view.catalog?.kind === 'collection' ? view.catalog : undefined;
  const collections = c.memberOf.filter((m) => m !== inCollection?.iri);
  return (
    <>
      <Terms ctx={ctx} labels={c.labels} />
      {c.definitions.length > 0 && (
        <section class="dk-section" aria-labelledby="definitions">
          <h2 class="ds-heading" data-size="sm" id="definitions">
            {t.concept.definitions}
          </h2>
          <ul class="dk-hits">
            {[...c.definitions].sort(byLanguage).map((d, i) => (
              <Definition key={i} ctx={ctx} view={view} definition={d} />
            ))}
          </ul>
        </section>
      )}
      <section class="dk-section" aria-labelledby="facts">
        <h2 class="ds-heading" data-size="sm" id="facts">
          {t.concept.facts}
        </h2>
        <dl class="dk-facts">
          <Fact label={t.concept.scopeNote} show={c.scopeNotes.length > 0}>
            {[...c.scopeNotes].sort(byLanguage).map((n, i) => (
              <p key={i} class="ds-paragraph dk-pre-line">
                <Text ctx={ctx} value={shown(n)} />
              </p>
            ))}
          </Fact>
          <Fact label={t.concept.examples} show={c.examples.length > 0}>
            <ul class="ds-list">
              {[...c.examples].sort(byLanguage).map((e, i) => (
                <li key={i}>
                  <Text ctx={ctx} value={shown(e)} />
                </li>
              ))}
            </ul>
          </Fact>
          <Fact label={t.concept.subject} show={c.subjectIris.length + subjectTexts.length > 0}>
            <Resources ctx={ctx} view={view} iris={c.subjectIris} />
            {subjectTexts.map((s, i) => (
              <div key={i}>
                <Text ctx={ctx} value={shown(s)} />
              </div>
            ))}
          </Fact>
          <Fact label={t.concept.status} show={c.statusIris.length + c.statusTexts.length > 0}>
            <Resources ctx={ctx} view={view} iris={c.statusIris} />
            {c.statusTexts.map((s, i) => (
              <div key={i}>
                <Text ctx={ctx} value={shown(s)} />
              </div>
            ))}
          </Fact>
          <Fact label={t.concept.validFrom} show={c.validFrom !== null}>
            {formatDate(c.validFrom, ctx.lang)}
          </Fact>
          <Fact label={t.concept.validTo} show={c.validTo !== null}>
            {formatDate(c.validTo, ctx.lang)}
          </Fact>
          <Fact label={t.concept.notation} show={c.notations.length > 0}>
            <span class="dk-iri">{c.notations.join(', ')}</span>
          </Fact>
          <Fact label={t.concept.collections} show={inCollection !== undefined || collections.length > 0}>
            {inCollection !== undefined && (
              <div>
                <a class="ds-link" href={ctx.href(recordPath(inCollection.kind, inCollection.id))}>
                  {inCollection.title !== undefined ? <Text ctx={ctx} value={inCollection.title} /> : inCollection.iri}
                </a>
              </div>
            )}
            {collections.map((m) => (
              <div key={m}>
                <Resource ctx={ctx} view={view} iri={m} />
              </div>
            ))}
          </Fact>
          <Fact label={t.concept.inScheme} show={c.inSchemes.length > 0}>
            <Resources ctx={ctx} view={view} iris={c.inSchemes} />
          </Fact>
          <Fact label={t.concept.replaces} show={c.replaces.length > 0}>
            <Resources ctx={ctx} view={view} iris={c.replaces} />
          </Fact>
          <Fact label={t.concept.isReplacedBy} show={c.isReplacedBy.length > 0}>
            <Resources ctx={ctx} view={view} iris={c.isReplacedBy} />
          </Fact>
          <Fact label={t.concept.exactMatch} show={c.exactMatches.length > 0}>
            <Resources ctx={ctx} view={view} iris={c.exactMatches} />
          </Fact>
          <Fact label={t.concept.closeMatch} show={c.closeMatches.length > 0}>
            <Resources ctx={ctx} view={view} iris={c.closeMatches} />
          </Fact>
          <Fact label={t.record.contact} show={contacts.length > 0}>
            {contacts.map((node) => (
              <Contact key={node} ctx={ctx} view={view} node={node} />
            ))}
          </Fact>
        </dl>
      </section>
      {shownRelations.length > 0 && (
        <section class="dk-section" aria-labelledby="concept-relations">
          <h2 class="ds-heading" data-size="sm" id="concept-relations">
            {t.concept.relationsHeading}
          </h2>
          <dl class="dk-facts">
            {shownRelations.map(([key, label, links]) => (
              <Fact key={key} label={label}>
                <ul class="ds-list">
                  {links.map((l) => (
                    <li key={l.iri}>
                      <Resource ctx={ctx} view={view} iri={l.iri} />
                      {l.qualifiers.length > 0 && (
                        <>
                          {' '}
                          <span class="dk-count">
                            (
                            {[...l.qualifiers].sort(byLanguage).map((q, i) => (
                              <span key={i}>
                                {i > 0 ? '; ' : ''}
                                <Text ctx={ctx} value={shown(q)} />
                              </span>
                            ))}
                            )
                          </span>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </Fact>
            ))}
          </dl>
        </section>
      )}
      <IncomingLinks ctx={ctx} view={view} id="used-by" heading={t.concept.usedBy} types={['subject']} none={t.concept.usedByNone} />
    </>
  );
}

/**
 * A concept's name when it has no plain skos:prefLabel (only SKOS-XL terms): its preferred term in the
 * page language, with fallback, else any term.
 */
export function conceptTitle(view: RecordView, lang: PortalContext['lang']): ShownText | undefined {
  const labels = describeConcept(view.graph.quads, view.iri).labels;
  const languages = [...new Set(labels.map((l) => l.lang))].sort((a, b) => languageRank(a, lang) - languageRank(b, lang));
  const term = preferredTerm(labels, languages);
  return term === null ? undefined : { text: term.value, lang: term.lang };
}

/** The texts in the best language the page can show (all of those, none of the others). */
function inBestLanguage(texts: readonly LangText[], ctx: PortalContext): LangText[] {
  let best = Number.POSITIVE_INFINITY;
  for (const x of texts) best = Math.min(best, languageRank(x.lang, ctx.lang));
  return texts.filter((x) => languageRank(x.lang, ctx.lang) === best);
}

/**
 * The terms per language: a row for each language (the page's first), preferred, admitted and
 * deprecated; LIST_PAGE_SIZE terms at a time (`?terms=n`), in that order, so the first page holds the
 * terms in the page's language. A language whose terms run over a page boundary is headed on both.
 */
function Terms({ ctx, labels }: { ctx: PortalContext; labels: readonly ConceptLabel[] }) {
  const { t } = ctx;
  if (labels.length === 0) return null;
  // Ranked once per language: ranking each term anew in the sort took as long as the page (20 000 languages).
  const rank = new Map<string, number>();
  for (const l of labels) if (!rank.has(l.lang)) rank.set(l.lang, languageRank(l.lang, ctx.lang));
  const ordered = labels
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank.get(a.l.lang)! - rank.get(b.l.lang)! || compareLanguage(a.l.lang, b.l.lang) || ROLES.indexOf(a.l.role) - ROLES.indexOf(b.l.role) || a.i - b.i)
    .map((x) => x.l);
  const shownTerms = listPage(ctx, 'terms', ordered);
  // Grouped once: looking the terms of each language up among all of them took 98 s for 20 000 terms in as many languages.
  const byLanguage = new Map<string, Map<string, ConceptLabel[]>>();
  for (const l of shownTerms.items) {
    let roles = byLanguage.get(l.lang);
    if (roles === undefined) byLanguage.set(l.lang, (roles = new Map()));
    const list = roles.get(l.role);
    if (list === undefined) roles.set(l.role, [l]);
    else list.push(l);
  }
  return (
    <section class="dk-section" aria-labelledby="terms">
      <h2 class="ds-heading" data-size="sm" id="terms">
        {t.concept.terms}
      </h2>
      {[...byLanguage].map(([lang, roles]) => (
        <div key={lang}>
          <h3 class="ds-heading" data-size="xs">
            {lang === '' ? t.record.none : languageName(lang, ctx.lang)}
          </h3>
          <dl class="dk-facts">
            {ROLES.map((role) => {
              const terms = roles.get(role) ?? [];
              return (
                <Fact key={role} label={t.concept[role]} show={terms.length > 0}>
                  {terms.map((l, i) => (
                    <div key={i}>
                      <Text ctx={ctx} value={shown(l)} />
                    </div>
                  ))}
                </Fact>
              );
            })}
          </dl>
        </div>
      ))}
      <ListPageNav ctx={ctx} list={shownTerms} heading={t.concept.terms} anchor="terms" />
    </section>
  );
}

/** Languages of equal rank in a fixed order (by code). */
const compareLanguage = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function Definition({ ctx, view, definition }: { ctx: PortalContext; view: RecordView; definition: ConceptDefinition }) {
  const { t } = ctx;
  return (
    <li class="dk-hit">
      <p class="ds-paragraph dk-pre-line">
        <Text ctx={ctx} value={shown(definition)} />
      </p>
      <dl class="dk-facts">
        <Fact label={t.concept.audience} show={definition.audience.length > 0}>
          {definition.audience.map((a) => (
            <div key={a}>{/^https?:/.test(a) ? <Resource ctx={ctx} view={view} iri={a} /> : a}</div>
          ))}
        </Fact>
        <Fact label={t.concept.source} show={definition.sources.length > 0}>
          {definition.sources.map((s) => (
            <div key={s}>{/^https?:/.test(s) ? <ExternalLink value={s} /> : s}</div>
          ))}
        </Fact>
        <Fact label={t.concept.relationshipWithSource} show={definition.relationshipWithSource !== null}>
          {definition.relationshipWithSource !== null && <Resource ctx={ctx} view={view} iri={definition.relationshipWithSource} />}
        </Fact>
      </dl>
    </li>
  );
}
