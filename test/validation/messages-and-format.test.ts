import { describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../src/core/validation-report.js';
import { IndexedDataset } from '../../src/validation/indexed-dataset.js';
import { formatReport } from '../../src/validation/format-report.js';
import { ShaclEngine } from '../../src/validation/shacl-engine.js';
import { EX, turtle } from './helpers.js';

describe('messages for rules without sh:message', () => {
  const shapes = turtle(`
    @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
    <${EX}S> a sh:NodeShape ; sh:targetClass dcat:Dataset ;
      sh:property [ sh:path dct:title ; sh:minCount 2 ] , [ sh:path dct:issued ; sh:datatype <http://www.w3.org/2001/XMLSchema#date> ] ,
                  [ sh:path dct:publisher ; sh:nodeKind sh:IRI ] , [ sh:path dct:source ; sh:message "Bare bokmål"@nb ; sh:maxCount 0 ] .`);
  const engine = new ShaclEngine('test', shapes, new IndexedDataset());

  it('names the property and the constraint in both languages', async () => {
    const report = await engine.validate(turtle(`<${EX}d> a <http://www.w3.org/ns/dcat#Dataset> ;
      <http://purl.org/dc/terms/title> "A" ; <http://purl.org/dc/terms/issued> "i går" ;
      <http://purl.org/dc/terms/publisher> "Etaten" ; <http://purl.org/dc/terms/source> <${EX}x> .`));
    const byPath = Object.fromEntries(report.results.map((r) => [r.path!.split('/').pop(), r.message]));
    expect(byPath.title).toEqual({ nb: 'Egenskapen dct:title mangler: minst 2 verdier kreves.', en: 'The property dct:title is missing: at least 2 values are required.' });
    expect(byPath.issued).toEqual({ nb: 'Verdien av dct:issued må ha datatypen xsd:date.', en: 'The value of dct:issued must have the datatype xsd:date.' });
    expect(byPath.publisher).toEqual({ nb: 'Verdien av dct:publisher har feil form: den må være en lenke (IRI).', en: 'The value of dct:publisher has the wrong form: it must be a link (IRI).' });
    // A rule with a Bokmål message only keeps it and gets a generated English one.
    expect(byPath.source).toEqual({ nb: 'Bare bokmål', en: 'The property dct:source has too many values: at most 0 allowed.' });
    expect(report.results.every((r) => r.sourceShape === undefined)).toBe(true); // anonymous shapes
  });
});

describe('formatReport', () => {
  const report: ValidationReport = {
    profile: 'dcat-ap-no-2',
    conforms: false,
    counts: { violation: 1, warning: 1, info: 0 },
    results: [
      { severity: 'warning', focusNode: `${EX}b`, path: 'http://www.w3.org/ns/dcat#keyword', message: { nb: 'Datasettet har ingen emneord.', en: 'The dataset has no keywords.' } },
      { severity: 'violation', focusNode: `${EX}a`, path: 'http://purl.org/dc/terms/publisher', value: 'Etaten', message: { nb: 'Utgiveren må være en lenke.', en: 'The publisher must be a link.' } },
    ],
  };

  it('groups per resource, violations first, one line per problem, with a summary', () => {
    expect(formatReport(report, 'en')).toBe(
      `${EX}a\n  ✗ The publisher must be a link. (value: Etaten)\n${EX}b\n  ! The dataset has no keywords.\n1 violation, 1 warning, 0 notes: does not conform to DCAT-AP-NO 2.0.\n`,
    );
    expect(formatReport(report, 'nb')).toContain('1 brudd, 1 advarsel, 0 merknader: oppfyller ikke DCAT-AP-NO 2.0.');
  });

  it('says so when there is nothing to report', () => {
    expect(formatReport({ profile: 'dcat-ap-no-3', conforms: true, counts: { violation: 0, warning: 0, info: 0 }, results: [] }, 'nb')).toBe(
      '0 brudd, 0 advarsler, 0 merknader: oppfyller DCAT-AP-NO 3.0.\n',
    );
  });
});
