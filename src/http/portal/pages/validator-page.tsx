import type { ValidationProfile } from '../../../core/ports/validator.js';
import type { ValidationReport } from '../../../core/validation-report.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';
import { ValidationReportView } from '../records/validation-report-section.js';

export interface ValidatorOutcome {
  readonly report?: ValidationReport;
  readonly triples?: number;
  /** Why the document could not be checked (the typed error's detail, English). */
  readonly error?: string;
}

export interface ValidatorPageProps {
  readonly ctx: PortalContext;
  readonly profiles: readonly ValidationProfile[];
  readonly profile: string;
  /** What was pasted (shown again with the report). */
  readonly text: string;
  readonly url: string;
  readonly outcome?: ValidatorOutcome;
}

/**
 * /validator: paste, upload or give a URL; choose the profile; the report in the page language,
 * grouped by resource, the property named in words and what is expected. A plain POST form.
 */
export function ValidatorPage({ ctx, profiles, profile, text, url, outcome }: ValidatorPageProps) {
  const { t } = ctx;
  return (
    <PageLayout ctx={ctx} title={t.validator.title} section="validator">
      <h1 class="ds-heading" data-size="lg">
        {t.validator.title}
      </h1>
      <p class="ds-paragraph">{t.validator.intro}</p>
      {outcome !== undefined && (
        <section class="dk-section" aria-labelledby="report">
          <h2 class="ds-heading" data-size="md" id="report">
            {t.validator.report}
          </h2>
          {outcome.error !== undefined && (
            <div class="ds-alert" data-color="danger">
              <h3 class="ds-heading" data-size="xs">
                {t.validator.unreadable}
              </h3>
              <p class="ds-paragraph" lang={ctx.lang === 'en' ? undefined : 'en'}>
                {outcome.error}
              </p>
            </div>
          )}
          {outcome.report !== undefined && (
            <>
              <p class="ds-paragraph">{t.validator.triples(outcome.triples ?? 0)}.</p>
              {outcome.report.conforms && outcome.report.results.length === 0 ? (
                <div class="ds-alert" data-color="success">
                  <p class="ds-paragraph">{t.validator.conforms}</p>
                </div>
              ) : (
                <ValidationReportView ctx={ctx} report={outcome.report} headingId="result" resource={(iri) => <span class="dk-iri">{iri}</span>} />
              )}
            </>
          )}
        </section>
      )}
      <form method="post" action={ctx.href('/validator')} encType="multipart/form-data">
        <div class="ds-field">
          <label class="ds-label" for="text">
            {t.validator.paste}
          </label>
          <textarea class="ds-input" id="text" name="text" rows={12} spellcheck={false}>
            {text}
          </textarea>
        </div>
        <div class="ds-field">
          <label class="ds-label" for="file">
            {t.validator.upload}
          </label>
          <input class="ds-input" type="file" id="file" name="file" accept=".ttl,.rdf,.xml,.jsonld,.json,.nt,.trig,.nq,text/turtle,application/rdf+xml,application/ld+json" />
        </div>
        <div class="ds-field">
          <label class="ds-label" for="url">
            {t.validator.url}
          </label>
          <input class="ds-input" type="url" id="url" name="url" value={url} inputMode="url" placeholder="https://" />
        </div>
        <div class="ds-field">
          <label class="ds-label" for="profile">
            {t.validator.profile}
          </label>
          <select class="ds-input" id="profile" name="profile">
            {profiles.map((p) => (
              <option key={p.id} value={p.id} selected={p.id === profile}>
                {p.label} ({p.id})
              </option>
            ))}
          </select>
        </div>
        <p>
          <button class="ds-button" data-variant="primary" type="submit">
            {t.validator.submit}
          </button>
        </p>
      </form>
    </PageLayout>
  );
}
