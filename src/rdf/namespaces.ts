/**
 * Every vocabulary term the code uses, as typed constants. Logic never spells an IRI itself.
 * `ns(base, [...terms])` gives an object whose keys are the local names and whose values are the full
 * IRIs, typed as string literals so a typo is a compile error.
 */
type Terms<B extends string, K extends string> = { readonly [T in K]: `${B}${T}` } & { readonly $base: B };

function ns<B extends string, const K extends string>(base: B, terms: readonly K[]): Terms<B, K> {
  const out: Record<string, string> = { $base: base };
  for (const t of terms) out[t] = base + t;
  return Object.freeze(out) as Terms<B, K>;
}

export const RDF = ns('http://www.w3.org/1999/02/22-rdf-syntax-ns#', ['type', 'first', 'rest', 'nil', 'langString', 'dirLangString', 'List', 'Statement', 'subject', 'predicate', 'object', 'value', 'XMLLiteral', 'JSON']);
export const RDFS = ns('http://www.w3.org/2000/01/rdf-schema#', ['label', 'comment', 'seeAlso', 'Literal', 'Resource', 'Class', 'subClassOf', 'isDefinedBy']);
export const XSD = ns('http://www.w3.org/2001/XMLSchema#', ['string', 'boolean', 'date', 'dateTime', 'dateTimeStamp', 'gYear', 'gYearMonth', 'decimal', 'integer', 'nonNegativeInteger', 'double', 'duration', 'anyURI',
  // Restricting facets of a simple type (ModellDCAT-AP-NO states them on modelldcatno:SimpleType).
  'pattern', 'length', 'minLength', 'maxLength', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'totalDigits', 'fractionDigits',
]);
export const OWL = ns('http://www.w3.org/2002/07/owl#', ['sameAs', 'Ontology', 'imports', 'versionInfo', 'deprecated']);
export const DCAT = ns('http://www.w3.org/ns/dcat#', [
  'Catalog', 'CatalogRecord', 'Dataset', 'DatasetSeries', 'DataService', 'Distribution', 'Relationship', 'Resource',
  'dataset', 'service', 'catalog', 'record', 'distribution', 'theme', 'themeTaxonomy', 'keyword', 'contactPoint',
  'accessURL', 'downloadURL', 'mediaType', 'compressFormat', 'packageFormat', 'byteSize', 'endpointURL',
  'endpointDescription', 'servesDataset', 'accessService', 'landingPage', 'qualifiedRelation', 'inSeries',
  'startDate', 'endDate', 'bbox', 'centroid', 'spatialResolutionInMeters', 'temporalResolution', 'hadRole',
  'first', 'last', 'prev', 'version',
]);
export const DCT = ns('http://purl.org/dc/terms/', [
  'title', 'description', 'identifier', 'publisher', 'creator', 'issued', 'modified', 'language', 'license',
  'accessRights', 'rights', 'format', 'conformsTo', 'spatial', 'temporal', 'type', 'subject', 'source',
  'isPartOf', 'hasPart', 'relation', 'references', 'isReferencedBy', 'requires', 'isRequiredBy', 'replaces',
  'isReplacedBy', 'hasVersion', 'isVersionOf', 'provenance', 'accrualPeriodicity', 'audience', 'rightsHolder',
  'Location', 'PeriodOfTime', 'LicenseDocument', 'RightsStatement', 'Standard', 'MediaType',
  'MediaTypeOrExtent', 'ProvenanceStatement', 'Frequency', 'LinguisticSystem', 'created', 'alternative',
]);
export const FOAF = ns('http://xmlns.com/foaf/0.1/', ['Agent', 'Organization', 'Person', 'Document', 'primaryTopic', 'page', 'homepage', 'name', 'mbox']);
export const VCARD = ns('http://www.w3.org/2006/vcard/ns#', ['Kind', 'Organization', 'Individual', 'hasEmail', 'hasTelephone', 'hasURL', 'hasOrganizationName', 'hasOrganizationUnit', 'fn', 'hasValue']);
export const SKOS = ns('http://www.w3.org/2004/02/skos/core#', [
  'Concept', 'ConceptScheme', 'Collection', 'prefLabel', 'altLabel', 'hiddenLabel', 'definition', 'notation', 'inScheme', 'broader', 'narrower',
  'topConceptOf', 'hasTopConcept', 'exactMatch', 'closeMatch', 'broadMatch', 'narrowMatch', 'relatedMatch', 'member', 'related', 'scopeNote', 'example',
]);
/** SKOS-XL: labels as resources (`skosxl:prefLabel [ skosxl:literalForm "…"@nb ]`). */
export const SKOSXL = ns('http://www.w3.org/2008/05/skos-xl#', ['Label', 'prefLabel', 'altLabel', 'hiddenLabel', 'literalForm']);
/** The EU Publications Office's EuroVoc ontology: definitions as objects, status and validity (SKOS-AP-NO-Begrep 2.0). */
export const EUVOC = ns('http://publications.europa.eu/ontology/euvoc#', ['XlNote', 'xlDefinition', 'status', 'startDate', 'endDate']);
/** SKOS-AP-NO-Begrep 2.0's own terms: qualified concept relations, data structure label, value range. */
export const SKOSNO = ns('https://data.norge.no/vocabulary/skosno#', [
  'GenericConceptRelation', 'PartitiveConceptRelation', 'AssociativeConceptRelation', 'hasGenericConceptRelation', 'hasPartitiveConceptRelation',
  'isFromConceptIn', 'hasGenericConcept', 'hasSpecificConcept', 'hasPartitiveConcept', 'hasComprehensiveConcept', 'hasToConcept', 'relationRole',
  'relationshipWithSource', 'dataStructureLabel', 'valueRange',
]);
/** SKOS-AP-NO-Begrep 1.x (`http://difi.no/skosno#`): definitions as `skosno:Definisjon` nodes with the text in rdfs:label. */
export const SKOSNO_LEGACY = ns('http://difi.no/skosno#', ['Definisjon', 'definisjon', 'forholdTilKilde', 'omfang', 'målgruppe']);
/** XKOS: generic (generalizes/specializes) and partitive (hasPart/isPartOf) relations between concepts. */
export const XKOS = ns('http://rdf-vocabulary.ddialliance.org/xkos#', ['generalizes', 'specializes', 'hasPart', 'isPartOf']);
/** UNESKOS: a concept's membership of a collection. */
export const UNESKOS = ns('http://purl.org/umu/uneskos#', ['memberOf']);
/** The EU concept-status table (euvoc:status values; vocab/concept-status.ttl). */
export const CONCEPT_STATUS_BASE = 'http://publications.europa.eu/resource/authority/concept-status/';
/** ModellDCAT-AP-NO (modelldcatno): information models, their model elements and properties. */
export const MODELLDCATNO = ns('https://data.norge.no/vocabulary/modelldcatno#', [
  'InformationModel', 'ModelElement', 'ObjectType', 'RootObjectType', 'SimpleType', 'DataType', 'CodeList', 'CodeElement', 'Module', 'Note',
  'Property', 'Attribute', 'Role', 'Association', 'Composition', 'Collection', 'Specialization', 'Realization', 'Abstraction', 'Dependency',
  'Choice', 'And', 'Or', 'Xor', 'Not', 'AllOf', 'AnyOf', 'ConstraintRule',
  'model', 'containsModelElement', 'hasProperty', 'belongsToModule', 'contains', 'hasDataType', 'hasSimpleType', 'hasObjectType',
  'hasValueFrom', 'hasType', 'hasGeneralConcept', 'hasMember', 'hasSome', 'hasSupplier', 'isAbstractionOf', 'dependentOn', 'annotates',
  'propertyNote', 'constrains', 'constraintExpression', 'references', 'formsSymmetryWith', 'navigable', 'minOccurs', 'maxOccurs',
  'informationModelIdentifier', 'modelTypes', 'relationPropertyLabel', 'sequenceNumber', 'typeDefinitionReference', 'containsObjectType',
]);
export const SH = ns('http://www.w3.org/ns/shacl#', [
  'ValidationReport', 'ValidationResult', 'conforms', 'result', 'focusNode', 'resultPath', 'value',
  'resultSeverity', 'resultMessage', 'sourceShape', 'sourceConstraintComponent', 'Violation', 'Warning', 'Info',
  'NodeShape', 'PropertyShape', 'targetClass', 'path', 'message', 'severity', 'hasValue', 'or',
]);
export const PROV = ns('http://www.w3.org/ns/prov#', ['wasDerivedFrom', 'qualifiedAttribution', 'Attribution', 'agent', 'hadRole', 'wasGeneratedBy', 'generatedAtTime']);
/** Linked Data Event Streams 1.0 (SEMIC) and the TREE hypermedia specification it builds on. */
export const LDES = ns('https://w3id.org/ldes#', ['EventStream', 'EventSource', 'timestampPath', 'versionOfPath', 'versionDeletePath', 'versionDeleteObject', 'retentionPolicy', 'RetentionPolicy', 'fullLogDuration', 'versionAmount', 'immutable']);
export const TREE = ns('https://w3id.org/tree#', ['Collection', 'Node', 'view', 'member', 'relation', 'node', 'path', 'value', 'GreaterThanOrEqualToRelation', 'LessThanOrEqualToRelation', 'remainingItems']);
/** Activity Streams 2.0: the kind of change a stream member is. */
export const AS = ns('https://www.w3.org/ns/activitystreams#', ['Create', 'Update', 'Delete']);
export const ADMS = ns('http://www.w3.org/ns/adms#', ['identifier', 'sample', 'status', 'versionNotes', 'Identifier']);
export const DCATAP = ns('http://data.europa.eu/r5r/', ['applicableLegislation', 'hvdCategory', 'availability']);
export const DCATNO = ns('https://data.norge.no/vocabulary/dcatno#', ['informationModel', 'accessRightsComment', 'containsService', 'isAuthoritative']);
/** The older DCAT-AP-NO 1.1 namespace, still found in real catalogs. */
export const DCATNO_LEGACY = ns('http://difi.no/dcatno#', ['informationModel', 'accessRightsComment', 'objective', 'legalBasisForRestriction', 'legalBasisForProcessing', 'legalBasisForAccess']);
export const DQV = ns('http://www.w3.org/ns/dqv#', ['hasQualityAnnotation', 'QualityAnnotation', 'inDimension', 'isMeasurementOf', 'value', 'QualityMeasurement', 'hasQualityMeasurement', 'computedOn', 'Metric', 'Dimension']);
/** data.norge.no's metadata quality vocabulary (MQA): assessments, metric scores, dimensions and metrics (src/core/quality-metrics.ts). */
export const DCATNO_MQA = ns('https://data.norge.no/vocabulary/dcatno-mqa#', [
  'DatasetAssessment', 'DistributionAssessment', 'assessmentOf', 'hasAssessment', 'hasDistributionAssessment', 'containsQualityMeasurement', 'score', 'trueScore',
]);
export const ODRS = ns('http://schema.theodi.org/odrs#', ['copyrightNotice']);
export const LOCN = ns('http://www.w3.org/ns/locn#', ['geometry', 'Geometry', 'Address']);
export const SCHEMA = ns('http://schema.org/', ['startDate', 'endDate']);
export const HYDRA = ns('http://www.w3.org/ns/hydra/core#', ['next', 'nextPage', 'previous', 'first', 'last', 'view', 'PartialCollectionView', 'PagedCollection', 'Collection', 'totalItems', 'member']);
export const CPSV = ns('http://purl.org/vocab/cpsv#', ['follows', 'implements', 'Rule']);

/** EU Publications Office authority tables (reference data used by DCAT-AP-NO). */
export const EU_AUTHORITY = ns('http://publications.europa.eu/resource/authority/', ['data-theme/', 'access-right/', 'frequency/', 'file-type/', 'licence/', 'language/', 'country/']);
export const ACCESS_RIGHT = ns('http://publications.europa.eu/resource/authority/access-right/', ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC', 'CONFIDENTIAL', 'SENSITIVE', 'NORMAL']);
export const DATA_THEME_BASE = 'http://publications.europa.eu/resource/authority/data-theme/';
export const FILE_TYPE_BASE = 'http://publications.europa.eu/resource/authority/file-type/';
export const IANA_MEDIA_TYPES_BASE = 'https://www.iana.org/assignments/media-types/';
/** Los (the Norwegian public-service thesaurus) concepts: `https://psi.norge.no/los/tema/...` and `/ord/...`. */
export const LOS_BASE = 'https://psi.norge.no/los/';

/** Our own terms (vocab/datakatalog.ttl). */
export const DK = ns('https://w3id.org/datakatalog/vocab#', [
  'harvestSource', 'validationStatus', 'HarvestSource', 'Conforms', 'HasViolations', 'Quarantined',
  'generatedCatalog', 'conformsToProfile',
  // vocab/: open licences, LOS slug paths, a file type's IANA media type, organisation paths (vocab/organisations.ttl).
  'isOpenLicence', 'losPath', 'ianaMediaType', 'orgPath',
  // The compact DQV of a dataset's quality score: the metrics it was measured on and missed.
  'missedMetric',
]);

/** W3C Organization Ontology (organisation hierarchy in vocab/organisations.ttl). */
export const ORG = ns('http://www.w3.org/ns/org#', ['subOrganizationOf', 'Organization']);

/** Organisations in Enhetsregisteret (the Norwegian register of legal entities), as data.norge.no names publishers. */
export const ENHETSREGISTERET_BASE = 'https://data.brreg.no/enhetsregisteret/api/enheter/';

/** The IRI of an organisation by its organisation number: `https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}`. */
export function organisationIri(organisationNumber: string): string {
  return `${ENHETSREGISTERET_BASE}${organisationNumber}`;
}

/** The path of skolemised blank nodes under their record's resource IRI (as data.norge.no). */
export const SKOLEM_PATH = '/.well-known/skolem/';

/** SPARQL 1.1 Service Description (the description served at the SPARQL endpoint). */
export const SD = ns('http://www.w3.org/ns/sparql-service-description#', [
  'Service', 'endpoint', 'supportedLanguage', 'SPARQL11Query', 'resultFormat', 'feature', 'UnionDefaultGraph',
  'defaultDataset', 'Dataset', 'defaultGraph', 'Graph', 'defaultEntailmentRegime',
]);
/** W3C unique URIs for RDF and SPARQL result formats. */
export const FORMATS = ns('http://www.w3.org/ns/formats/', [
  'SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'N-Triples', 'JSON-LD', 'RDF_XML',
]);
export const ENTAILMENT = ns('http://www.w3.org/ns/entailment/', ['Simple']);

/** Base of the `type` IRIs of our problem documents (RFC 9457): `{base}query-timeout`, `{base}not-found`, … */
export const PROBLEM_TYPE_BASE = 'https://w3id.org/datakatalog/problems/';

/** Prefixes for serialisers (Turtle, JSON-LD compaction). */
export const PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  rdf: RDF.$base,
  rdfs: RDFS.$base,
  xsd: XSD.$base,
  owl: OWL.$base,
  dcat: DCAT.$base,
  dct: DCT.$base,
  foaf: FOAF.$base,
  vcard: VCARD.$base,
  skos: SKOS.$base,
  skosxl: SKOSXL.$base,
  euvoc: EUVOC.$base,
  skosno: SKOSNO.$base,
  xkos: XKOS.$base,
  prov: PROV.$base,
  adms: ADMS.$base,
  dcatap: DCATAP.$base,
  dcatno: DCATNO.$base,
  dqv: DQV.$base,
  'dcatno-mqa': DCATNO_MQA.$base,
  modelldcatno: MODELLDCATNO.$base,
  locn: LOCN.$base,
  sh: SH.$base,
  dk: DK.$base,
  ldes: LDES.$base,
  tree: TREE.$base,
  as: AS.$base,
});

/**
 * Our terms for what an OpenAPI description says about a data service (vocab/openapi.ttl, namespace of DK):
 * its operations, their parameters, its security schemes, and the kinds of access they give.
 */
export const DK_API = ns('https://w3id.org/datakatalog/vocab#', [
  'Operation', 'Parameter', 'SecurityScheme', 'AccessKind',
  'operation', 'httpMethod', 'pathTemplate', 'operationId', 'summary', 'tag', 'position',
  'parameter', 'parameterName', 'parameterLocation', 'required',
  'securityScheme', 'securitySchemeName', 'access', 'apiKeyLocation', 'apiKeyName', 'httpScheme', 'openIdConnectUrl',
  'describedBy', 'serverURL', 'Schema', 'schema', 'schemaName', 'modelElement',
  'NoAuthentication', 'ApiKey', 'HttpBasic', 'HttpBearer', 'HttpAuthentication', 'OAuth2', 'OpenIdConnect', 'MutualTls', 'accessKinds',
]);

/** OpenAPI specification versions as standards: `https://spec.openapis.org/oas/v3.0.3` (Swagger 2.0 is `…/oas/v2.0`). */
export const OPENAPI_SPEC_BASE = 'https://spec.openapis.org/oas/v';
/** SPDX licence IRIs: `http://spdx.org/licenses/{identifier}`. */
export const SPDX_LICENSES_BASE = 'http://spdx.org/licenses/';
