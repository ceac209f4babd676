import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, type Quad } from 'n3';
import { DATA_THEME_BASE, DCT, DK, RDF, EU_AUTHORITY, FILE_TYPE_BASE, FOAF, IANA_MEDIA_TYPES_BASE, LOS_BASE, RDFS, SKOS } from '../../rdf/namespaces.js';
import { langMapOf, type LangMap } from '../../core/lang-map.js';

export interface Organisation {
  readonly organisationNumber: string;
  readonly name: LangMap;
  readonly orgPath: string;
}

const ACCESS_RIGHT_BASE = EU_AUTHORITY['access-right/'];
const LICENCE_BASE = EU_AUTHORITY['licence/'];

/** The last path segment of an IRI (what a code is when a vocabulary does not give one). */
export function lastSegment(iri: string): string {
  const trimmed = iri.replace(/[/#]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('#')) + 1);
}

/**
 * Labels, codes and hierarchies the search documents need, read from the Turtle files in vocab/:
 * EU data themes, LOS themes (dk:losPath), file types (dk:ianaMediaType), access rights, licences
 * (dk:isOpenLicence, skos:exactMatch), provenance, and organisations (vocab/organisations.ttl:
 * dk:orgPath). Anything not found gets a code from its IRI and no label.
 */
export class SearchVocabulary {
  readonly #labels = new Map<string, LangMap>();
  readonly #notation = new Map<string, string>();
  readonly #losPath = new Map<string, string>();
  readonly #losLabel = new Map<string, LangMap>();
  readonly #open = new Map<string, boolean>();
  readonly #exactMatch = new Map<string, string>();
  readonly #mediaTypeOfFileType = new Map<string, string>();
  readonly #fileTypeOfMediaType = new Map<string, string>();
  readonly #organisations = new Map<string, Organisation>();
  readonly #orgPathLabel = new Map<string, LangMap>();
  readonly #codeLabels = new Map<string, LangMap>();
  readonly #provenance = new Set<string>();

  /** Hash of the vocabulary's content: documents built with another vocabulary are rebuilt. */
  readonly fingerprint: string;
  /** The Turtle texts it was read from (a worker thread builds its own copy from them). */
  readonly sources: readonly string[];

  constructor(quads: Iterable<Quad>, sources: readonly string[] = []) {
    this.sources = sources;
    const bySubject = new Map<string, Quad[]>();
    const hash = createHash('sha1');
    const lines: string[] = [];
    for (const q of quads) {
      lines.push(`${q.subject.value} ${q.predicate.value} ${q.object.termType} ${q.object.value} ${(q.object as { language?: string }).language ?? ''}`);
      if (q.subject.termType !== 'NamedNode') continue;
      const list = bySubject.get(q.subject.value);
      if (list) list.push(q);
      else bySubject.set(q.subject.value, [q]);
    }
    this.fingerprint = hash.update(lines.sort().join('\n')).digest('hex');
    for (const [iri, list] of bySubject) this.#readSubject(iri, list);
    // Labels by code, for facet buckets (themes, file types, access rights, licences, provenance).
    for (const [iri, label] of this.#labels) {
      const facet = this.#facetOfIri(iri);
      if (facet !== null) this.#codeLabels.set(`${facet}\u0000${this.codeOf(iri)}`, label);
    }
    for (const [path, label] of this.#losLabel) this.#codeLabels.set(`losTheme\u0000${path}`, label);
    for (const [fileType, mediaType] of this.#mediaTypeOfFileType) this.#fileTypeOfMediaType.set(mediaType, this.codeOf(fileType));
  }

  #readSubject(iri: string, quads: readonly Quad[]): void {
    const objects = (p: string): Quad['object'][] => quads.filter((q) => q.predicate.value === p).map((q) => q.object);
    const literals = (p: string): { value: string; language: string }[] =>
      objects(p).filter((o) => o.termType === 'Literal').map((o) => ({ value: o.value, language: (o as { language: string }).language }));
    const label = langMapOf([...literals(SKOS.prefLabel), ...literals(FOAF.name), ...literals(RDFS.label)]);
    if (Object.keys(label).length > 0) this.#labels.set(iri, label);
    if (objects(RDF.type).some((t) => t.value === DCT.ProvenanceStatement)) this.#provenance.add(iri);
    const notation = objects(SKOS.notation)[0];
    if (notation?.termType === 'Literal') this.#notation.set(iri, notation.value);
    const losPath = objects(DK.losPath)[0];
    if (losPath?.termType === 'Literal') {
      this.#losPath.set(iri, losPath.value);
      this.#losLabel.set(losPath.value, label);
    }
    const open = objects(DK.isOpenLicence)[0];
    if (open?.termType === 'Literal') this.#open.set(iri, open.value === 'true' || open.value === '1');
    const match = objects(SKOS.exactMatch)[0];
    if (match?.termType === 'NamedNode') this.#exactMatch.set(iri, match.value);
    const media = objects(DK.ianaMediaType)[0];
    if (media?.termType === 'NamedNode') this.#mediaTypeOfFileType.set(iri, mediaTypeOfIri(media.value));
    const orgPath = objects(DK.orgPath)[0];
    if (orgPath?.termType === 'Literal') {
      this.#orgPathLabel.set(orgPath.value, label);
      const id = objects(DCT.identifier)[0];
      if (id?.termType === 'Literal' && /^\d{9}$/.test(id.value)) {
        this.#organisations.set(id.value, { organisationNumber: id.value, name: label, orgPath: orgPath.value });
      }
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
    return this.#labels.get(iri);
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
    return this.#organisations.get(organisationNumber);
  }

  /** Label of a facet value by its key, for the facets whose keys are codes of vocabulary concepts. */
  labelOfKey(facet: string, key: string): LangMap | undefined {
    if (facet === 'orgPath') return this.#orgPathLabel.get(key);
    if (facet === 'licence' && key.includes(':')) return this.#labels.get(key);
    return this.#codeLabels.get(`${facet}\u0000${key}`);
  }
}

/** `https://www.iana.org/assignments/media-types/text/csv` → `text/csv`; other strings are kept (lower case). */
export function mediaTypeOfIri(value: string): string {
  const v = value.startsWith(IANA_MEDIA_TYPES_BASE) ? value.slice(IANA_MEDIA_TYPES_BASE.length) : value;
  return v.toLowerCase();
}

/** Reads every `.ttl` file of a folder (vocab/); files that do not parse are reported by name. */
export function loadSearchVocabulary(dir: string): SearchVocabulary {
  const quads: Quad[] = [];
  const sources: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ttl')).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    try {
      quads.push(...new Parser({ format: 'text/turtle' }).parse(text));
      sources.push(text);
    } catch (error) {
      throw new Error(`Cannot read the vocabulary ${path.join(dir, file)}: ${(error as Error).message}`, { cause: error });
    }
  }
  return new SearchVocabulary(quads, sources);
}

/** A vocabulary from Turtle texts (tests, embedded use). */
export function vocabularyFromTurtle(...texts: string[]): SearchVocabulary {
  const quads: Quad[] = [];
  for (const text of texts) quads.push(...new Parser({ format: 'text/turtle' }).parse(text));
  return new SearchVocabulary(quads, texts);
}
