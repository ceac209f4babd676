import type { QualityFixText } from '../quality-metrics.js';
import type { QualityBand } from '../quality-score.js';

export interface FailingUrl {
  readonly url: string;
  readonly property: 'accessURL' | 'downloadURL' | 'endpointURL';
  readonly status: number;
  readonly error: string | null;
  readonly mediaType: string | null;
  readonly checkedAt: string;
  readonly record: string;
}

/** A URL whose server answered with another media type than its distribution declares (formatMatch missed). */
export interface FormatMismatch {
  readonly url: string;
  readonly property: 'accessURL' | 'downloadURL';
  /** The media types the distribution declares, under their IANA names. */
  readonly declared: readonly string[];
  /** The media type the server answered with. */
  readonly mediaType: string;
  /** The record's URI. */
  readonly record: string;
}

export interface FixTotal {
  /** The kind of record the fix is for (`dataset`, `data-service`): its words speak of that kind. */
  readonly kind: string;
  readonly metric: string;
  readonly dimension: string;
  readonly property: string;
  readonly fix: QualityFixText;
  gain: number;
  records: number;
  readonly examples: string[];
}

interface DimensionSummary {
  readonly id: string;
  readonly name: string;
  readonly average: number;
  readonly max: number;
}

/** A publisher's quality page: what `GET /api/publishers/{orgnr}/quality` answers (see src/http/routes/publisher-quality.ts). */
export interface PublisherQualityReport {
  readonly publisher: string;
  readonly datasets: number;
  readonly averageScore: number;
  readonly maxScore: number;
  readonly dimensions: readonly DimensionSummary[];
  readonly bands: Record<QualityBand, number>;
  readonly dataServices: {
    readonly count: number;
    readonly averageScore: number;
    readonly maxScore: number;
    readonly dimensions: readonly DimensionSummary[];
    readonly bands: Record<QualityBand, number>;
  };
  readonly topFixes: readonly FixTotal[];
  readonly urlsChecked: number;
  readonly failingUrlCount: number;
  readonly failingUrls: readonly FailingUrl[];
  readonly formatMismatchCount: number;
  readonly formatMismatches: readonly FormatMismatch[];
}

/** Publishers' quality reports (src/quality/publisher-quality-reports.ts). */
export interface PublisherQuality {
  /** The publisher's report; undefined when no harvest source is registered for the organisation number. */
  get(orgnr: string): Promise<PublisherQualityReport | undefined>;
}
