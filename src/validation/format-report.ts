import type { Severity, ValidationReport, ValidationResult } from '../core/validation-report.js';
import { shortName } from './fallback-message.js';
import { PROFILES } from './profiles.js';

export type ReportLanguage = 'nb' | 'en';

const ORDER: readonly Severity[] = ['violation', 'warning', 'info'];
const MARK: Record<Severity, string> = { violation: '✗', warning: '!', info: 'i' };
const WORD: Record<ReportLanguage, Record<Severity, [string, string]>> = {
  nb: { violation: ['brudd', 'brudd'], warning: ['advarsel', 'advarsler'], info: ['merknad', 'merknader'] },
  en: { violation: ['violation', 'violations'], warning: ['warning', 'warnings'], info: ['note', 'notes'] },
};

function count(n: number, severity: Severity, lang: ReportLanguage): string {
  const [one, many] = WORD[lang][severity];
  return `${n} ${n === 1 ? one : many}`;
}

function line(r: ValidationResult, lang: ReportLanguage): string {
  const value = r.value !== undefined && !r.message[lang].includes(r.value) ? (lang === 'nb' ? ` (verdi: ${r.value})` : ` (value: ${r.value})`) : '';
  return `  ${MARK[r.severity]} ${r.message[lang]}${value}`;
}

/**
 * The report in plain words, for the command line: the problems grouped per resource (violations
 * first), one line each, and a summary line.
 *
 *   https://example.org/datasets/1
 *     ✗ The dataset has no title (dct:title). Give a title in Norwegian or English.
 *   1 violation, 0 warnings, 0 notes: does not conform to DCAT-AP-NO 2.0.
 */
export function formatReport(report: ValidationReport, lang: ReportLanguage = 'nb'): string {
  const profile = PROFILES.find((p) => p.id === report.profile)?.label ?? report.profile;
  const byFocus = new Map<string, ValidationResult[]>();
  for (const r of report.results) {
    const list = byFocus.get(r.focusNode);
    if (list === undefined) byFocus.set(r.focusNode, [r]);
    else list.push(r);
  }
  const worst = (list: ValidationResult[]): number => list.reduce((w, r) => Math.min(w, ORDER.indexOf(r.severity)), Number.POSITIVE_INFINITY);
  const groups = [...byFocus.entries()].sort((a, b) => worst(a[1]) - worst(b[1]) || a[0].localeCompare(b[0]));
  const lines: string[] = [];
  for (const [focus, results] of groups) {
    lines.push(focus.startsWith('_:') ? (lang === 'nb' ? `(blank node ${focus})` : `(blank node ${focus})`) : focus);
    const sorted = [...results].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || (a.path ?? '').localeCompare(b.path ?? ''));
    for (const r of sorted) lines.push(line(r, lang));
  }
  const { violation, warning, info } = report.counts;
  const counts = [count(violation, 'violation', lang), count(warning, 'warning', lang), count(info, 'info', lang)].join(', ');
  const verdict = report.conforms
    ? lang === 'nb' ? `oppfyller ${profile}` : `conforms to ${profile}`
    : lang === 'nb' ? `oppfyller ikke ${profile}` : `does not conform to ${profile}`;
  lines.push(`${counts}: ${verdict}.`);
  return lines.join('\n') + '\n';
}

/** The property of a result as a short name (`dct:title`), for callers that print their own lines. */
export function resultProperty(result: ValidationResult): string | undefined {
  return result.path === undefined ? undefined : result.path.split('|').map(shortName).join('|');
}
