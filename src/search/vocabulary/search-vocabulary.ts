import { createHash } from 'node:crypto';
import { Parser, type Quad } from 'n3';
import { DATA_THEME_BASE, DCT, DK, RDF, EU_AUTHORITY, FILE_TYPE_BASE, IANA_MEDIA_TYPES_BASE, LOS_BASE, SKOS } from '../../rdf/namespaces.js';
import type { LangMap } from '../../core/lang-map.js';
import { TermLabels } from '../../core/term-labels.js';
import { labelsOfQuads } from '../../rdf/vocabulary-labels.js';
import { trimTrailing } from '../../rdf/trim-trailing.js';

export interface Organisation {
  readonly organisationNumber: string;
  readonly name: LangMap;
  readonly orgPath: string;
}

interface KnownOrganisation {
  readonly iri: string;
  readonly orgPath: string;
}

const ACCESS_RIGHT_BASE = EU_AUTHORITY['access-right/'];
const LICENCE_BASE = EU_AUTHORITY['licence/'];

/** The last path segment of an IRI (what a code is when a vocabulary does not give one). */
export function lastSegment(iri: string): string {
  const trimmed = trimTrailing(iri, '/#');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('#')) + 1);
}

/**
 * Labels, codes and hierarchies the search documents need, read from the Turtle files in vocab/:
 * EU data themes, LOS themes (dk:losPath), file types (dk:ianaMediaType), access rights, licences
 * (dk:isOpenLicence, skos:exactMatch), provenance, and organisations (vocab/organisations.ttl:
 * dk:orgPath). Anything not found gets a code from its IRI and no label. Labels come from TermLabels
 * (the one module of vocabulary labels: bundled vocab/ first, harvested schemes over it), looked up
 * when asked, so labels added at runtime reach the next documents.
 */
export class SearchVocabulary {
  readonly #terms: TermLabels;
  readonly #notation = new Map<string, string>();
  readonly #losPath = new Map<string, string>();
  readonly #losIri = new Map<string, string>();
  readonly #open = new Map<string, boolean>();
  readonly #exactMatch = new Map<string, string>();
  readonly #mediaTypeOfFileType = new Map<string, string>();
  readonly #fileTypeOfMediaType = new Map<string, string>();
  readonly #organisations = new Map<string, KnownOrganisation>();
  readonly #orgPathIri = new Map<string, string>();
  readonly #codeIri = new Map<string, string>();
  readonly #provenance = new Set<string>();
  readonly #contentHash: string;
  readonly #quads: readonly Quad[];

  /** The Turtle texts it was read from (a worker thread builds its own copy from them). */
  readonly sources: readonly string[];

  /**
   * From the vocabularies' triples (codes, hierarchies, media types, open licences) and the labels of
   * their terms (default: the labels in the same triples).
   */
  constructor(quads: Iterable<Quad>, sources: readonly string[] = [], labels?: TermLabels) {
    this.sources = sources;
    const all = [...quads];
    this.#quads = all;
    this.#terms = labels ?? new TermLabels([{ name: 'bundled', entries: () => labelsOfQuads(all).entries() }]);
    const bySubject = new Map<string, Quad[]>();
    const hash = createHash('sha1');
    const lines: string[] = [];
    for (const q of all) {
      lines.push(`${q.subject.value} ${q.predicate.value} ${q.object.termType} ${q.object.value} ${(q.object as { language?: string }).language ?? ''}`);
      if (q.subject.termType !== 'NamedNode') continue;
      const list = bySubject.get(q.subject.value);
      if (list) list.push(q);
      else bySubject.set(q.subject.value, [q]);
    }
    this.#contentHash = hash.update(lines.sort().join('\n')).digest('hex');
    for (const [iri, list] of bySubject) this.#readSubject(iri, list);
    // Terms by code, for facet buckets (themes, file types, access rights, licences, provenance).
    for (const iri of bySubject.keys()) {
      const facet = this.#facetOfIri(iri);
      if (facet !== null && this.#terms.label(iri) !== undefined) this.#codeIri.set(`${facet}\u0000${this.codeOf(iri)}`, iri);
    }
    for (const [path, iri] of this.#losIri) this.#codeIri.set(`losTheme\u0000${path}`, iri);
    for (const [fileType, mediaType] of this.#mediaTypeOfFileType) this.#fileTypeOfMediaType.set(mediaType, this.codeOf(fileType));
  }

  /** Hash of the vocabulary's content and labels: documents built with another vocabulary are rebuilt. */
  get fingerprint(): string {
    return `${this.#contentHash}/${this.#terms.fingerprint}`;
  }

  /** The same vocabulary reading other labels (a worker thread's copy of the current labels). */
  withLabels(labels: TermLabels): SearchVocabulary {
    return new SearchVocabulary(this.#quads, this.sources, labels);
  }

  /** The labels it reads (shared with validation and the record views). */
  get labels(): TermLabels {
    return this.#terms;
  }

  #readSubject(iri: string, quads: readonly Quad[]): void {
    const objects = (p: string): Quad['object'][] => quads.filter((q) => q.predicate.value === p).map((q) => q.object);
    if (objects(RDF.type).some((t) => t.value === DCT.ProvenanceStatement)) this.#provenance.add(iri);
    const notation = objects(SKOS.notation)[0];
    if (notation?.termType === 'Literal') this.#notation.set(iri, notation.value);
    const losPath = objects(DK.losPath)[0];
    if (losPath?.termType === 'Literal') {
      this.#losPath.set(iri, losPath.value);
      this.#losIri.set(losPath.value, iri);
    }
    const open = objects(DK.isOpenLicence)[0];
    if (open?.termType === 'Literal') this.#open.set(iri, open.value === 'true' || open.value === '1');
    const match = objects(SKOS.exactMatch)[0];
    if (match?.termType === 'NamedNode') this.#exactMatch.set(iri, match.value);
    const media = objects(DK.ianaMediaType)[0];
    if (media?.termType === 'NamedNode') this.#mediaTypeOfFileType.set(iri, mediaTypeOfIri(media.value));
    const orgPath = objects(DK.orgPath)[0];
    if (orgPath?.termType === 'Literal') {
      this.#orgPathIri.set(orgPath.value, iri);
      const id = objects(DCT.identifier)[0];
      if (id?.termType === 'Literal' && /^\d{9}$/.test(id.value)) this.#organisations.set(id.value, { iri, orgPath: orgPath.value });
    }
  }

  #facetOfIri(iri: string): string | null {
    if (iri.startsWith(DATA_THEME_BASE)) return 'theme';
    if (iri.startsWith(FILE_TYPE_BASE)) return 'format';
    if (iri.startsWith(ACCESS_RIGHT_BASE)) return 'accessRights';
    if (iri.startsWith(LICENCE_BASE)) return 'licence';
    if (this.#provenance.has(iri)) return 'provenance';
    return null;
  }

  label(iri: string): LangMap | undefined {
    return this.#terms.label(iri);
  }

  /** The code of a concept: its skos:notation, or the last segment of its IRI. */
  codeOf(iri: string): string {
    return this.#notation.get(iri) ?? lastSegment(iri);
  }

  /** The LOS slug path of a LOS concept (`familie-og-barn/barnehage`); the IRI's last segment when unknown. */
  losPathOf(iri: string): string {
    return this.#losPath.get(iri) ?? lastSegment(iri);
  }

  isLos(iri: string): boolean {
    return iri.startsWith(LOS_BASE);
  }

  /** The licence a licence IRI stands for: its exact match in the EU table when it has one. */
  canonicalLicence(iri: string): string {
    return this.#exactMatch.get(iri) ?? iri;
  }

  /** Whether a licence makes public data open (NLOD, CC BY 4.0, CC0: dk:isOpenLicence). */
  isOpenLicence(iri: string): boolean {
    return this.#open.get(iri) ?? this.#open.get(this.canonicalLicence(iri)) ?? false;
  }

  /** Facet key of a licence: the EU code (NLOD_2_0, CC_BY_4_0, …) or the IRI when it is not in the vocabulary. */
  licenceKey(iri: string): string {
    const canonical = this.canonicalLicence(iri);
    if (canonical.startsWith(LICENCE_BASE)) return this.codeOf(canonical);
    return this.#notation.get(canonical) ?? canonical;
  }

  /** IANA media type (`text/csv`) of an EU file type. */
  mediaTypeOfFileType(iri: string): string | undefined {
    return this.#mediaTypeOfFileType.get(iri);
  }

  /** EU file-type code (`CSV`) of an IANA media type. */
  fileTypeOfMediaType(mediaType: string): string | undefined {
    return this.#fileTypeOfMediaType.get(mediaType.toLowerCase());
  }

  organisation(organisationNumber: string): Organisation | undefined {
    const known = this.#organisations.get(organisationNumber);
    return known === undefined ? undefined : { organisationNumber, name: this.#terms.label(known.iri) ?? {}, orgPath: known.orgPath };
  }

  /** Label of a facet value by its key, for the facets whose keys are codes of vocabulary concepts. */
  labelOfKey(facet: string, key: string): LangMap | undefined {
    if (facet === 'orgPath') {
      const iri = this.#orgPathIri.get(key);
      return iri === undefined ? undefined : (this.#terms.label(iri) ?? {});
    }
    if (facet === 'licence' && key.includes(':')) return this.#terms.label(key);
    const iri = this.#codeIri.get(`${facet}\u0000${key}`);
    return iri === undefined ? undefined : this.#terms.label(iri);
  }
}

/** `https://www.iana.org/assignments/media-types/text/csv` → `text/csv`; other strings are kept (lower case). */
export function mediaTypeOfIri(value: string): string {
  const v = value.startsWith(IANA_MEDIA_TYPES_BASE) ? value.slice(IANA_MEDIA_TYPES_BASE.length) : value;
  return v.toLowerCase();
}

/**
 * The search vocabulary of the reference vocabularies as read once (src/vocabulary: their triples and
 * file texts), reading labels from `labels` (the one TermLabels of the process).
 */
export function searchVocabularyOf(vocabularies: { readonly quads: readonly Quad[]; readonly files: readonly { readonly text: string }[] }, labels: TermLabels): SearchVocabulary {
  return new SearchVocabulary(vocabularies.quads, vocabularies.files.map((f) => f.text), labels);
}

/** A vocabulary from Turtle texts (tests, embedded use). */
export function vocabularyFromTurtle(...texts: string[]): SearchVocabulary {
  const quads: Quad[] = [];
  for (const text of texts) quads.push(...new Parser({ format: 'text/turtle' }).parse(text));
  return new SearchVocabulary(quads, texts);
}
