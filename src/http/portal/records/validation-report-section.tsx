import type { ComponentChildren } from 'preact';
import type { ValidationReport, ValidationResult } from '../../../core/validation-report.js';
import type { PortalContext } from '../portal-context.js';
import { formatCount } from '../format/dates.js';
import { propertyInWords } from './property-names.js';

const SEVERITY_COLOR = { violation: 'danger', warning: 'warning', info: 'info' } as const;

/**
 * The most findings a report shows on a page (the counts are of all of them): 700 KB sent to the validator
 * gave 240 000 findings, rendered in 9.9 s into 88 MB of HTML.
 */
export const MAX_SHOWN_RESULTS = 300;

export interface ValidationReportProps {
  readonly ctx: PortalContext;
  readonly report: ValidationReport;
  /** How a focus node is shown (a record page links and names it; the validator shows the IRI). */
  readonly resource: (iri: string) => ComponentChildren;
  /** Heading level of the groups (h3 under a section's h2). */
  readonly headingId: string;
}

/** A SHACL report in plain words: grouped by resource, the property named in words, what is expected. */
export function ValidationReportView({ ctx, report, resource, headingId }: ValidationReportProps) {
  const { t } = ctx;
  const groups = new Map<string, ValidationResult[]>();
  for (const r of report.results.slice(0, MAX_SHOWN_RESULTS)) {
    const list = groups.get(r.focusNode);
    if (list === undefined) groups.set(r.focusNode, [r]);
    else list.push(r);
  }
  // Messages exist in Bokmål and English; Nynorsk pages show the Bokmål text, marked as such.
  const messageLang = ctx.lang === 'en' ? 'en' : 'nb';
  return (
    <div>
      <p class="ds-paragraph">
        {t.validation.profile}: <code>{report.profile}</code>. {t.validation.summary(report.counts.violation, report.counts.warning, report.counts.info)}.
      </p>
      {report.results.length > MAX_SHOWN_RESULTS && <p class="ds-paragraph">{t.validation.shownOf(formatCount(MAX_SHOWN_RESULTS, ctx.lang), formatCount(report.results.length, ctx.lang))}</p>}
      {report.results.length === 0 && (
        <div class="ds-alert" data-color="success">
          <p class="ds-paragraph">{t.validation.allGood}</p>
        </div>
      )}
      {[...groups].map(([focus, results], i) => (
        <div key={focus} class="dk-report-group">
          <h3 class="ds-heading" data-size="xs" id={`${headingId}-${i}`}>
            {t.validation.resource}: {resource(focus)}
          </h3>
          <ul class="dk-hits" aria-labelledby={`${headingId}-${i}`}>
            {results.map((r, j) => (
              <li key={j} class="dk-hit">
                <p class="ds-paragraph">
                  <span class="ds-tag" data-color={SEVERITY_COLOR[r.severity]}>
                    {t.validation.severity[r.severity]}
                  </span>{' '}
                  {r.path !== undefined && (
                    <strong>
                      {t.validation.property}: {propertyInWords(t, r.path)}
                    </strong>
                  )}
                </p>
                <p class="ds-paragraph">
                  {t.validation.expected}: <span lang={messageLang === ctx.lang ? undefined : messageLang}>{r.message[messageLang]}</span>
                </p>
                {r.value !== undefined && (
                  <p class="ds-paragraph">
                    {t.validation.value}: <code>{r.value}</code>
                  </p>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
