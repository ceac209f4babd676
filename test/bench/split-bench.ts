// Split throughput on a synthetic DCAT-AP-NO catalog (about 27 quads per dataset, as the architecture
// brief's measurements). Not a test. Run:
//   node --import tsx harvesters/dcat-ap-no/bench/split-throughput.ts [datasets=10000] [rounds=3]
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { SubjectIndex } from '../../src/rdf/subject-index.js';
import { DCAT, DCT, FOAF, RDF, VCARD, XSD } from '../../src/rdf/namespaces.js';
import { dcatApNoHarvester } from '../../harvesters/dcat-ap-no/index.js';
import { offlineDocuments } from '../support/offline-documents.js';

const { namedNode: iri, literal, blankNode, quad } = DataFactory;

function syntheticCatalog(datasets: number): Quad[] {
  const out: Quad[] = [];
  const base = 'https://data.example.no/';
  const catalog = iri(`${base}catalog`);
  const agency = iri('https://data.brreg.no/enhetsregisteret/api/enheter/974760673');
  out.push(quad(catalog, iri(RDF.type), iri(DCAT.Catalog)), quad(catalog, iri(DCT.title), literal('Katalog', 'nb')), quad(catalog, iri(DCT.publisher), agency));
  out.push(quad(agency, iri(RDF.type), iri(FOAF.Organization)), quad(agency, iri(FOAF.name), literal('Etaten')));
  const themes = ['ENVI', 'GOVE', 'TECH', 'ECON', 'HEAL'];
  for (let i = 0; i < datasets; i++) {
    const d = iri(`${base}datasets/${i}`);
    const dist = iri(`${base}distributions/${i}`);
    const contact = blankNode(`c${i}`);
    const period = blankNode(`t${i}`);
    out.push(
      quad(catalog, iri(DCAT.dataset), d),
      quad(d, iri(RDF.type), iri(DCAT.Dataset)),
      quad(d, iri(DCT.title), literal(`Datasett ${i}`, 'nb')),
      quad(d, iri(DCT.title), literal(`Dataset ${i}`, 'en')),
      quad(d, iri(DCT.description), literal(`Beskrivelse av datasett ${i} med litt mer tekst.`, 'nb')),
      quad(d, iri(DCT.identifier), literal(String(i))),
      quad(d, iri(DCT.publisher), agency),
      quad(d, iri(DCAT.theme), iri(`http://publications.europa.eu/resource/authority/data-theme/${themes[i % 5]}`)),
      quad(d, iri(DCAT.keyword), literal(`ord${i % 100}`, 'nb')),
      quad(d, iri(DCAT.keyword), literal('data', 'nb')),
      quad(d, iri(DCT.accessRights), iri('http://publications.europa.eu/resource/authority/access-right/PUBLIC')),
      quad(d, iri(DCT.issued), literal('2020-01-01', iri(XSD.date))),
      quad(d, iri(DCAT.landingPage), iri(`${base}pages/${i}`)),
      quad(d, iri(DCAT.contactPoint), contact),
      quad(contact, iri(RDF.type), iri(VCARD.Organization)),
      quad(contact, iri(VCARD.fn), literal('Kontakt', 'nb')),
      quad(contact, iri(VCARD.hasEmail), iri(`mailto:post${i % 10}@example.no`)),
      quad(d, iri(DCT.temporal), period),
      quad(period, iri(RDF.type), iri(DCT.PeriodOfTime)),
      quad(period, iri(DCAT.startDate), literal(`${2000 + (i % 20)}-01-01`, iri(XSD.date))),
      quad(d, iri(DCAT.distribution), dist),
      quad(dist, iri(RDF.type), iri(DCAT.Distribution)),
      quad(dist, iri(DCT.title), literal('CSV', 'nb')),
      quad(dist, iri(DCAT.accessURL), iri(`${base}files/${i}.csv`)),
      quad(dist, iri(DCAT.mediaType), iri('https://www.iana.org/assignments/media-types/text/csv')),
      quad(dist, iri(DCT.license), iri('http://publications.europa.eu/resource/authority/licence/CC_BY_4_0')),
    );
  }
  return out;
}

const datasets = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const quads = syntheticCatalog(datasets);
const graph = new SubjectIndex().addAll(quads);
const context = { sourceId: 'bench', sourceUrl: 'https://data.example.no/catalog.ttl', publisher: '974760673', baseUrl: 'http://localhost:8080', documents: offlineDocuments };
const write = (s: string): void => void process.stdout.write(`${s}\n`);
write(
  `synthetic catalog: ${datasets} datasets, ${graph.size} quads (${(graph.size / datasets).toFixed(1)} per dataset); heap with the parsed graph ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
);
for (let r = 1; r <= rounds; r++) {
  const t0 = performance.now();
  const result = await dcatApNoHarvester.split(graph, context);
  const ms = performance.now() - t0;
  const out = result.records.reduce((n, rec) => n + rec.quads.length, 0);
  write(
    `round ${r}: ${result.records.length} records, ${out} quads out, ${result.problems.length} problems in ${ms.toFixed(0)} ms` +
      ` = ${Math.round(datasets / (ms / 1000))} datasets/s, ${Math.round(graph.size / (ms / 1000))} quads/s; heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
  );
}
