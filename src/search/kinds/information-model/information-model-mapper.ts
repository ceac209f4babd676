import { langMapOf, pick, type LangMap } from '../../../core/lang-map.js';
import { ADMS, DCAT, DCT, MODELLDCATNO, OWL, RDF, SKOS } from '../../../rdf/namespaces.js';
import { modelPartDescriptionLiterals, modelPartTitleLiterals, type TextLiteral } from '../../../rdf/resource-title.js';
import { MODEL_PART_CLASSES, modelPartsOf } from '../../../rdf/model-parts.js';
import type { RecordGraph } from '../../../rdf/record-graph.js';
import { analysisLanguageOf } from '../../analysis/text-language.js';
import { texts } from '../../document/graph-values.js';
import type { TaggedText } from '../../document/search-document.js';
import { highlightText } from '../../highlight.js';
import { licenceValues, themeValues } from '../dcat/theme-values.js';
import type { HitContext, KindFields, KindMapper, MapperInput } from '../kind-mapper.js';
import { INFORMATION_MODEL_FACETS, INFORMATION_MODEL_KINDS } from './information-model-facets.js';


/** At most this many parts are kept in a hit's stored fields (all of them are searchable). */
export const MAX_STORED_PARTS = 1000;
/** At most this many matching parts are named in a hit. */
export const MAX_MATCHED_PARTS = 5;

/** A model element or property as a hit stores it: IRI, class (local name), name per language. */
interface StoredPart {
  readonly iri: string;
  readonly type: string;
  readonly title: LangMap;
  /** Also matched through its description (the text is searchable, not shown). */
  readonly description?: LangMap;
}

/** A part of the model that the query matched, in the hit: its name with the matched words marked. */
export interface MatchedPart {
  readonly iri: string;
  readonly type: string;
  readonly title: string;
  /** HTML-escaped title with `<mark>`; absent when only the description matched. */
  readonly highlight?: string;
}

const localName = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);

/** The most specific ModellDCAT-AP-NO class of a part (a RootObjectType before an ObjectType), by local name. */
function partType(graph: RecordGraph, part: string): string {
  const classes = graph.iris(part, RDF.type).filter((c) => MODEL_PART_CLASSES.has(c)).sort();
  const generic = new Set<string>([MODELLDCATNO.ModelElement, MODELLDCATNO.Property]);
  return localName(classes.find((c) => !generic.has(c)) ?? classes[0] ?? '');
}

/** Trimmed texts of literals (from src/rdf/resource-title.ts, which says what names and describes a model part). */
const taggedTexts = (literals: readonly TextLiteral[]): TaggedText[] => literals.map((l) => ({ text: l.value.trim(), language: l.language }));

const langMapOfTexts = (list: readonly TaggedText[]): LangMap => langMapOf(list.map((t) => ({ value: t.text, language: t.language })));

/**
 * ModellDCAT-AP-NO's part of a search document: the model's keywords, and the names of its model
 * elements and properties as keywords and their descriptions as descriptions (an agency searching
 * "fødselsnummer" finds every model with such an attribute, and the hit names it); EU and LOS themes,
 * licence and ADMS status as facets; the model's version, status and its parts in the hit.
 */
function mapInformationModel({ graph, subject: s, vocabulary: vocab, labels }: MapperInput): KindFields {
  const { themes, losThemes, losFacet } = themeValues(graph, s, vocab, labels);
  const { keys: licences } = licenceValues(graph, [s], vocab, labels);
  const statusIri = graph.iris(s, ADMS.status)[0];
  const status = statusIri === undefined ? null : vocab.codeOf(statusIri);
  if (statusIri !== undefined && status !== null) labels.add('status', status, vocab.label(statusIri), false);

  const keywords: TaggedText[] = texts(graph, s, DCAT.keyword);
  const descriptions: TaggedText[] = [];
  const related: TaggedText[] = [];
  const parts: StoredPart[] = [];
  const all = modelPartsOf(graph, s);
  for (const part of all) {
    const read = (p: string) => graph.literals(part, p);
    const names = taggedTexts(modelPartTitleLiterals(read));
    const about = taggedTexts(modelPartDescriptionLiterals(read));
    for (const n of names) keywords.push(n);
    for (const a of about) descriptions.push(a);
    for (const notation of graph.literals(part, SKOS.notation)) if (notation.value.trim() !== '') related.push({ text: notation.value.trim(), language: '' });
    if (names.length > 0 && parts.length < MAX_STORED_PARTS) {
      parts.push({ iri: part, type: partType(graph, part), title: langMapOfTexts(names), ...(about.length > 0 ? { description: langMapOfTexts(about) } : {}) });
    }
  }

  return {
    texts: { alternativeTitles: texts(graph, s, DCT.alternative), keywords, descriptions, related },
    facets: { theme: themes, losTheme: losFacet, licence: licences, status: status === null ? [] : [status] },
    hit: {
      themes,
      losThemes,
      licences,
      status,
      version: graph.firstLiteral(s, OWL.versionInfo),
      partsCount: all.length,
      parts,
    },
  };
}

/**
 * The hit of a model: its stored fields in the answer's language, with the parts the query matched
 * (by name or description) instead of every part.
 */
function informationModelHitFields(stored: Readonly<Record<string, unknown>>, { lang, highlighter }: HitContext): Record<string, unknown> {
  const { parts, ...rest } = stored as { parts?: readonly StoredPart[] } & Record<string, unknown>;
  const matched: MatchedPart[] = [];
  if (highlighter !== null) {
    for (const part of parts ?? []) {
      if (matched.length >= MAX_MATCHED_PARTS) break;
      const title = pick(part.title, lang);
      if (title === null) continue;
      const marked = highlightText(highlighter, title.text, analysisLanguageOf(title.slot === 'no' || title.slot === 'other' ? '' : title.slot));
      const described = marked === null && Object.entries(part.description ?? {}).some(([slot, text]) => text !== undefined && highlightText(highlighter, text, analysisLanguageOf(slot === 'no' || slot === 'other' ? '' : slot)) !== null);
      if (marked !== null || described) matched.push({ iri: part.iri, type: part.type, title: title.text, ...(marked !== null ? { highlight: marked } : {}) });
    }
  }
  return { ...rest, matchedParts: matched };
}

export const informationModelMapper: KindMapper = {
  name: 'modelldcat-ap-no',
  kinds: INFORMATION_MODEL_KINDS,
  version: '2',
  facets: INFORMATION_MODEL_FACETS,
  map: mapInformationModel,
  hitFields: informationModelHitFields,
};
