import type { StoredRecord } from '../core/catalog-record.js';
import type { FailingUrl, FixTotal, FormatMismatch, PublisherQualityReport } from '../core/ports/publisher-quality.js';
import type { Store } from '../core/ports/store.js';
import { DATA_SERVICE_QUALITY_METRICS, MAX_DATA_SERVICE_QUALITY_SCORE } from '../core/data-service-quality-metrics.js';
import { MAX_QUALITY_SCORE, QUALITY_DIMENSIONS, QUALITY_METRICS, dimensionIri, metricIri } from '../core/quality-metrics.js';
import { QUALITY_BANDS, type QualityBand } from '../core/quality-score.js';
import { SliceClock } from '../core/time-slices.js';
import { urlCheckPassed, type UrlCheck } from '../core/url-check.js';
import { parseRecordNTriples } from '../rdf/canonical-ntriples-reader.js';
import { recordUri } from '../rdf/catalog-record.js';
import { recordUrls } from '../rdf/distribution-urls.js';
import { formatMismatches } from '../rdf/quality-assessment.js';
import { isScoredKind, recordQuality } from '../rdf/record-quality.js';

/** How many fixes the publisher page lists. */
export const PUBLISHER_TOP_FIXES = 10;
/** How many failing URLs the publisher page lists (`failingUrlCount` counts them all). */
export const PUBLISHER_FAILING_URLS = 100;
/** How many records are read from the store at a time. */
const READ_CHUNK = 200;
const FORMAT_MATCH = metricIri('formatMatch');

/**
 * Scores the published datasets and data services of the harvest sources registered for an
 * organisation number (undefined when none is registered): the MQA score of each, computed from the
 * record as the SPARQL graph publishes it, with the URL checker's results. Every such record is read and
 * scored (a publisher of 20 000 datasets: about 2 s), so the work gives the event loop a turn between
 * slices (SliceClock): other requests are served meanwhile.
 */
export async function publisherQualityReport(store: Store, baseUrl: string, orgnr: string): Promise<PublisherQualityReport | undefined> {
  const sources = (await store.listSources()).filter((s) => s.publisher === orgnr);
  if (sources.length === 0) return undefined;
  const totals = new QualityTotals(baseUrl);
  const clock = new SliceClock();
  for (const source of sources) {
    const ids = [...(await store.recordStatesOfSource(source.id)).values()].filter((s) => isScoredKind(s.kind) && s.status === 'published').map((s) => s.id);
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const chunk = ids.slice(i, i + READ_CHUNK);
      const found = await store.getRecords(chunk);
      for (const id of chunk) {
        const record = found.get(id);
        if (record?.status !== 'published') continue;
        await clock.yieldIfSpent();
        const urls = recordUrls(record);
        totals.add(record, urls, urls.length === 0 ? new Map<string, UrlCheck>() : await store.getUrlChecks(urls.map((u) => u.url)));
      }
    }
  }
  return totals.report(orgnr);
}

/** The sums over a publisher's scored records, record by record. */
class QualityTotals {
  readonly #dimensionTotals = new Map<string, number>(QUALITY_DIMENSIONS.map((d) => [dimensionIri(d), 0]));
  readonly #bands = emptyBands();
  readonly #fixes = new Map<string, FixTotal>();
  #datasets = 0;
  #total = 0;
  readonly #services = { count: 0, total: 0, dimensions: new Map<string, number>(QUALITY_DIMENSIONS.map((d) => [dimensionIri(d), 0])), bands: emptyBands() };
  #urlsChecked = 0;
  #failingUrlCount = 0;
  readonly #failingUrls: FailingUrl[] = [];
  #formatMismatchCount = 0;
  readonly #mismatches: FormatMismatch[] = [];

  constructor(private readonly baseUrl: string) {}

  add(record: StoredRecord, urls: ReturnType<typeof recordUrls>, checks: ReadonlyMap<string, UrlCheck>): void {
    const quality = recordQuality(record, checks);
    if (quality === undefined) return;
    const uri = recordUri(this.baseUrl, record.kind, record.id);
    for (const u of urls) {
      const check = checks.get(u.url);
      if (check === undefined) continue;
      this.#urlsChecked++;
      if (urlCheckPassed(check)) continue;
      this.#failingUrlCount++;
      if (this.#failingUrls.length < PUBLISHER_FAILING_URLS) {
        this.#failingUrls.push({ url: u.url, property: u.property, status: check.status, error: check.error, mediaType: check.mediaType, checkedAt: check.checkedAt, record: uri });
      }
    }
    // The URLs behind a missed formatMatch (on any distribution), read again from the graph only then.
    const formatMissed = quality.scores.distributions.some((d) => d.dimensions.some((dim) => dim.metrics.some((m) => m.id === FORMAT_MATCH && m.is_scored && m.score === 0)));
    if (formatMissed) {
      for (const m of formatMismatches(parseRecordNTriples(record.graph), record.iri, checks)) {
        this.#formatMismatchCount++;
        if (this.#mismatches.length < PUBLISHER_FAILING_URLS) this.#mismatches.push({ url: m.url, property: m.property, declared: m.declared, mediaType: m.mediaType, record: uri });
      }
    }
    if (record.kind === 'dataset') {
      this.#datasets++;
      this.#total += quality.score;
      this.#bands[quality.band]++;
      for (const d of quality.scores.dataset.dimensions) this.#dimensionTotals.set(d.id, (this.#dimensionTotals.get(d.id) ?? 0) + d.score);
    } else {
      const services = this.#services;
      services.count++;
      services.total += quality.score;
      services.bands[quality.band]++;
      for (const d of quality.scores.dataset.dimensions) services.dimensions.set(d.id, (services.dimensions.get(d.id) ?? 0) + d.score);
    }
    for (const f of quality.fixes) {
      const key = `${record.kind} ${f.metric}`;
      let t = this.#fixes.get(key);
      if (t === undefined) this.#fixes.set(key, (t = { kind: record.kind, metric: f.metric, dimension: f.dimension, property: f.property, fix: f.fix, gain: 0, records: 0, examples: [] }));
      t.gain += f.gain;
      t.records++;
      if (t.examples.length < 3) t.examples.push(uri);
    }
  }

  report(orgnr: string): PublisherQualityReport {
    const averageOf = (sum: number, count: number): number => (count === 0 ? 0 : Math.round((sum / count) * 10) / 10);
    const services = this.#services;
    return {
      publisher: orgnr,
      datasets: this.#datasets,
      averageScore: averageOf(this.#total, this.#datasets),
      maxScore: MAX_QUALITY_SCORE,
      dimensions: QUALITY_DIMENSIONS.map((d) => ({
        id: dimensionIri(d),
        name: d,
        average: averageOf(this.#dimensionTotals.get(dimensionIri(d)) ?? 0, this.#datasets),
        max: QUALITY_METRICS.filter((m) => m.dimension === d).reduce((s, m) => s + m.trueScore, 0),
      })),
      bands: this.#bands,
      dataServices: {
        count: services.count,
        averageScore: averageOf(services.total, services.count),
        maxScore: MAX_DATA_SERVICE_QUALITY_SCORE,
        dimensions: QUALITY_DIMENSIONS.map((d) => ({
          id: dimensionIri(d),
          name: d,
          average: averageOf(services.dimensions.get(dimensionIri(d)) ?? 0, services.count),
          max: DATA_SERVICE_QUALITY_METRICS.filter((m) => m.dimension === d).reduce((s, m) => s + m.trueScore, 0),
        })),
        bands: services.bands,
      },
      topFixes: [...this.#fixes.values()].sort((a, b) => b.gain - a.gain || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.kind < b.kind ? -1 : 1)).slice(0, PUBLISHER_TOP_FIXES),
      urlsChecked: this.#urlsChecked,
      failingUrlCount: this.#failingUrlCount,
      failingUrls: this.#failingUrls,
      formatMismatchCount: this.#formatMismatchCount,
      formatMismatches: this.#mismatches,
    };
  }
}

function emptyBands(): Record<QualityBand, number> {
  return Object.fromEntries(QUALITY_BANDS.map((b) => [b, 0])) as Record<QualityBand, number>;
}
