// Synthetic DCAT-AP-NO datasets for benchmarks: 27 triples each (about 3 KB of N-Triples), with
// publishers, themes, formats and media types spread so that the six catalog queries have work.
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'];
const FORMATS = ['CSV', 'JSON', 'XML', 'XLSX', 'PDF', 'GEOJSON'];
const WORDS = ['vei', 'skole', 'helse', 'skog', 'vann', 'energi', 'befolkning', 'arbeid', 'kommune', 'klima', 'trafikk', 'fisk'];

export function datasetIri(i: number): string {
  return `https://data.example.no/dataset/${i}`;
}

/** The canonical N-Triples of dataset i (27 triples, sorted lines). */
export function syntheticDatasetGraph(i: number): string {
  const d = `<${datasetIri(i)}>`;
  const dist = `<${datasetIri(i)}/.well-known/skolem/dist-1>`;
  const contact = `<${datasetIri(i)}/.well-known/skolem/contact>`;
  const period = `<${datasetIri(i)}/.well-known/skolem/period>`;
  const w = (k: number): string => WORDS[(i * 7 + k) % WORDS.length]!;
  const lit = (s: string, lang = 'nb'): string => `"${s}"@${lang}`;
  const dt = (s: string, type: string): string => `"${s}"^^<http://www.w3.org/2001/XMLSchema#${type}>`;
  const fmt = FORMATS[i % FORMATS.length]!;
  const lines = [
    `${d} <${RDF_TYPE}> <${DCAT}Dataset> .`,
    `${d} <${DCT}title> ${lit(`Datasett om ${w(0)} og ${w(1)} nummer ${i}`)} .`,
    `${d} <${DCT}title> ${lit(`Dataset about ${w(0)} and ${w(1)} number ${i}`, 'en')} .`,
    `${d} <${DCT}description> ${lit(`Oversikt over ${w(2)}, ${w(3)} og ${w(4)} i kommunene, oppdatert jevnlig av etaten. Inneholder historiske tall og prognoser for ${w(5)}.`)} .`,
    `${d} <${DCT}identifier> "${i}" .`,
    `${d} <${DCT}publisher> <https://data.brreg.no/enhetsregisteret/api/enheter/${970000000 + (i % 200)}> .`,
    `${d} <${DCT}issued> ${dt('2020-01-01', 'date')} .`,
    `${d} <${DCT}modified> ${dt('2024-06-01', 'date')} .`,
    `${d} <${DCT}language> <http://publications.europa.eu/resource/authority/language/NOR> .`,
    `${d} <${DCT}accessRights> <http://publications.europa.eu/resource/authority/access-right/PUBLIC> .`,
    `${d} <${DCT}accrualPeriodicity> <http://publications.europa.eu/resource/authority/frequency/ANNUAL> .`,
    `${d} <${DCT}spatial> <https://data.geonorge.no/administrativeEnheter/kommune/id/${(i % 356) + 1}> .`,
    `${d} <${DCT}temporal> ${period} .`,
    `${period} <${RDF_TYPE}> <${DCT}PeriodOfTime> .`,
    `${period} <${DCAT}startDate> ${dt('2010-01-01', 'date')} .`,
    `${d} <${DCAT}theme> <http://publications.europa.eu/resource/authority/data-theme/${THEMES[i % THEMES.length]}> .`,
    `${d} <${DCAT}keyword> ${lit(w(6))} .`,
    `${d} <${DCAT}keyword> ${lit(w(7))} .`,
    `${d} <${DCAT}landingPage> <https://www.example.no/data/${i}> .`,
    `${d} <${DCAT}contactPoint> ${contact} .`,
    `${contact} <${RDF_TYPE}> <http://www.w3.org/2006/vcard/ns#Organization> .`,
    `${contact} <http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:data${i % 200}@example.no> .`,
    `${d} <${DCAT}distribution> ${dist} .`,
    `${dist} <${RDF_TYPE}> <${DCAT}Distribution> .`,
    `${dist} <${DCAT}accessURL> <https://api.example.no/data/${i}.${fmt.toLowerCase()}> .`,
    `${dist} <${DCT}format> <http://publications.europa.eu/resource/authority/file-type/${fmt}> .`,
    `${dist} <${DCAT}mediaType> <https://www.iana.org/assignments/media-types/${fmt === 'CSV' ? 'text/csv' : 'application/' + fmt.toLowerCase()}> .`,
  ];
  return lines.sort().join('\n') + '\n';
}
