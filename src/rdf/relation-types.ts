import { DCAT, DCATNO, DCT, DK_API, MODELLDCATNO, PROV, RDFS, SKOSNO } from './namespaces.js';

/** A label in each of the catalog's languages. */
export interface RelationLabels {
  readonly nb: string;
  readonly nn: string;
  readonly en: string;
}

/**
 * A kind of link between two resources, answered in both directions: `outgoing` names it from the
 * resource that has the link (a data service *serves* a dataset), `incoming` from the other end
 * (a dataset *is served by* a data service). The IRI is the property that states it; a property
 * stated the other way round (`dct:isPartOf` for `dct:hasPart`) is the same relation read backwards.
 */
export interface RelationType {
  /** Stable id, used in `type=` filters and in the counts of record views. */
  readonly id: string;
  readonly iri: string;
  readonly outgoing: RelationLabels;
  readonly incoming: RelationLabels;
}

const type = (id: string, iri: string, outgoing: RelationLabels, incoming: RelationLabels): RelationType => ({ id, iri, outgoing, incoming });

/** Every relation type the relations service answers. The order is the order of answers and counts. */
export const RELATION_TYPES = [
  type('servesDataset', DCAT.servesDataset,
    { nb: 'tilgjengeliggjør datasett', nn: 'tilgjengeleggjer datasett', en: 'serves dataset' },
    { nb: 'tilgjengeliggjøres av datatjeneste', nn: 'tilgjengeleggjerast av datateneste', en: 'served by data service' }),
  type('conformsTo', DCT.conformsTo,
    { nb: 'følger standard eller modell', nn: 'følgjer standard eller modell', en: 'conforms to' },
    { nb: 'følges av', nn: 'følgjast av', en: 'conformed to by' }),
  type('informationModel', DCATNO.informationModel,
    { nb: 'har informasjonsmodell', nn: 'har informasjonsmodell', en: 'has information model' },
    { nb: 'er informasjonsmodell for', nn: 'er informasjonsmodell for', en: 'information model of' }),
  type('subject', DCT.subject,
    { nb: 'handler om begrep', nn: 'handlar om omgrep', en: 'is about concept' },
    { nb: 'er begrep for', nn: 'er omgrep for', en: 'concept of' }),
  type('wasDerivedFrom', PROV.wasDerivedFrom,
    { nb: 'er avledet fra', nn: 'er avleidd frå', en: 'derived from' },
    { nb: 'er opphav til', nn: 'er opphav til', en: 'source of derived resource' }),
  type('source', DCT.source,
    { nb: 'har kilde', nn: 'har kjelde', en: 'has source' },
    { nb: 'er kilde for', nn: 'er kjelde for', en: 'is source of' }),
  type('isVersionOf', DCT.isVersionOf,
    { nb: 'er versjon av', nn: 'er versjon av', en: 'is version of' },
    { nb: 'har versjon', nn: 'har versjon', en: 'has version' }),
  type('hasPart', DCT.hasPart,
    { nb: 'har del', nn: 'har del', en: 'has part' },
    { nb: 'er del av', nn: 'er del av', en: 'is part of' }),
  type('relation', DCT.relation,
    { nb: 'er relatert til', nn: 'er relatert til', en: 'related to' },
    { nb: 'er nevnt som relatert av', nn: 'er nemnd som relatert av', en: 'named as related by' }),
  type('qualifiedRelation', DCAT.qualifiedRelation,
    { nb: 'har kvalifisert relasjon til', nn: 'har kvalifisert relasjon til', en: 'has qualified relation to' },
    { nb: 'har kvalifisert relasjon fra', nn: 'har kvalifisert relasjon frå', en: 'has qualified relation from' }),
  type('inSeries', DCAT.inSeries,
    { nb: 'inngår i serie', nn: 'inngår i serie', en: 'in series' },
    { nb: 'har medlem', nn: 'har medlem', en: 'has member' }),
  type('genericConcept', SKOSNO.hasGenericConcept,
    { nb: 'har overbegrep', nn: 'har overomgrep', en: 'has generic concept' },
    { nb: 'har underbegrep', nn: 'har underomgrep', en: 'has specific concept' }),
  type('partitiveConcept', SKOSNO.hasComprehensiveConcept,
    { nb: 'har helhetsbegrep', nn: 'har heilskapsomgrep', en: 'has comprehensive concept' },
    { nb: 'har delbegrep', nn: 'har delomgrep', en: 'has partitive concept' }),
  type('associativeConcept', SKOSNO.hasToConcept,
    { nb: 'har assosiativ relasjon til', nn: 'har assosiativ relasjon til', en: 'associated with' },
    { nb: 'har assosiativ relasjon fra', nn: 'har assosiativ relasjon frå', en: 'associated from' }),
  type('replaces', DCT.replaces,
    { nb: 'erstatter', nn: 'erstattar', en: 'replaces' },
    { nb: 'erstattes av', nn: 'erstattast av', en: 'replaced by' }),
  type('seeAlso', RDFS.seeAlso,
    { nb: 'se også', nn: 'sjå også', en: 'see also' },
    { nb: 'nevnt under se også av', nn: 'nemnd under sjå også av', en: 'referred to by see also of' }),
  type('reusesElement', MODELLDCATNO.containsModelElement,
    { nb: 'gjenbruker modellelement fra', nn: 'gjenbruker modellelement frå', en: 'reuses model element of' },
    { nb: 'modellelement gjenbrukes av', nn: 'modellelement vert gjenbrukt av', en: 'model element reused by' }),
  type('apiSchemaElement', DK_API.modelElement,
    { nb: 'API-beskrivelsen bruker modellelement', nn: 'API-skildringa brukar modellelement', en: 'API description uses model element' },
    { nb: 'modellelement brukes i API-beskrivelsen til', nn: 'modellelement vert brukt i API-skildringa til', en: 'model element used in the API description of' }),
] as const satisfies readonly RelationType[];

export type RelationTypeId = (typeof RELATION_TYPES)[number]['id'];

const BY_ID = new Map<string, RelationType>(RELATION_TYPES.map((t) => [t.id, t]));
const BY_IRI = new Map<string, RelationType>(RELATION_TYPES.map((t) => [t.iri, t]));

/** A relation type by its id or its IRI (as `type=` accepts both). */
export function relationTypeOf(idOrIri: string): RelationType | undefined {
  return BY_ID.get(idOrIri) ?? BY_IRI.get(idOrIri);
}

export function isRelationTypeId(value: string): value is RelationTypeId {
  return BY_ID.has(value);
}
