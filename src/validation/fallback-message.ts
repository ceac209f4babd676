import type { Term } from '@rdfjs/types';
import type { LocalisedText } from '../core/validation-report.js';
import { PREFIXES, SH } from '../rdf/namespaces.js';

/** Reads one parameter (e.g. `sh:minCount`) of a shape, for the wording of a generated message. */
export type ShapeParameter = (predicateIri: string) => Term | undefined;

/** `dct:title` for an IRI in a namespace we know, `<iri>` otherwise. */
export function shortName(iri: string): string {
  for (const [prefix, base] of Object.entries(PREFIXES)) {
    if (iri.startsWith(base) && iri.length > base.length && !/[/#]/.test(iri.slice(base.length))) return `${prefix}:${iri.slice(base.length)}`;
  }
  return `<${iri}>`;
}

const NODE_KINDS: Record<string, LocalisedText> = {
  IRI: { nb: 'en lenke (IRI)', en: 'a link (IRI)' },
  Literal: { nb: 'tekst (en bokstavlig verdi)', en: 'text (a literal)' },
  BlankNode: { nb: 'en beskrivelse (blank node)', en: 'a description (blank node)' },
  BlankNodeOrIRI: { nb: 'en lenke (IRI) eller en beskrivelse', en: 'a link (IRI) or a description' },
  BlankNodeOrLiteral: { nb: 'tekst eller en beskrivelse', en: 'text or a description' },
  IRIOrLiteral: { nb: 'en lenke (IRI) eller tekst', en: 'a link (IRI) or text' },
};

function termText(term: Term | undefined): string {
  if (term === undefined) return '?';
  return term.termType === 'NamedNode' ? shortName(term.value) : term.value;
}

/**
 * A message in both languages for a result whose rule has no sh:message: it names the property and
 * the constraint that failed, e.g. "The property dct:title is missing: at least 1 value required."
 */
export function fallbackMessage(constraintIri: string | undefined, path: string | undefined, param: ShapeParameter): LocalisedText {
  const component = constraintIri?.startsWith(SH.$base) ? constraintIri.slice(SH.$base.length).replace(/ConstraintComponent$/, '') : undefined;
  const pNb = path === undefined ? 'verdien' : `egenskapen ${path}`;
  const pEn = path === undefined ? 'the value' : `the property ${path}`;
  const ofNb = path === undefined ? 'Verdien' : `Verdien av ${path}`;
  const ofEn = path === undefined ? 'The value' : `The value of ${path}`;
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const n = (predicate: string): string => param(SH.$base + predicate)?.value ?? '?';
  switch (component) {
    case 'MinCount': {
      const min = n('minCount');
      return { nb: `${cap(pNb)} mangler: minst ${min} ${min === '1' ? 'verdi' : 'verdier'} kreves.`, en: `${cap(pEn)} is missing: at least ${min} ${min === '1' ? 'value is' : 'values are'} required.` };
    }
    case 'MaxCount': {
      const max = n('maxCount');
      return { nb: `${cap(pNb)} har for mange verdier: høyst ${max} er tillatt.`, en: `${cap(pEn)} has too many values: at most ${max} allowed.` };
    }
    case 'NodeKind': {
      const kindIri = param(SH.$base + 'nodeKind')?.value ?? '';
      const kind = NODE_KINDS[kindIri.slice(SH.$base.length)] ?? { nb: termText(param(SH.$base + 'nodeKind')), en: termText(param(SH.$base + 'nodeKind')) };
      return { nb: `${ofNb} har feil form: den må være ${kind.nb}.`, en: `${ofEn} has the wrong form: it must be ${kind.en}.` };
    }
    case 'Datatype': {
      const dt = termText(param(SH.$base + 'datatype'));
      return { nb: `${ofNb} må ha datatypen ${dt}.`, en: `${ofEn} must have the datatype ${dt}.` };
    }
    case 'Class': {
      const cls = termText(param(SH.$base + 'class'));
      return { nb: `${ofNb} må være av klassen ${cls}.`, en: `${ofEn} must be of the class ${cls}.` };
    }
    case 'Pattern': {
      const pattern = param(SH.$base + 'pattern')?.value ?? '?';
      return { nb: `${ofNb} har ikke riktig form (den må passe mønsteret ${pattern}).`, en: `${ofEn} does not have the right form (it must match the pattern ${pattern}).` };
    }
    case 'In':
      return { nb: `${ofNb} er ikke en av de tillatte verdiene.`, en: `${ofEn} is not one of the allowed values.` };
    case 'HasValue':
      return { nb: `${cap(pNb)} må ha verdien ${termText(param(SH.$base + 'hasValue'))}.`, en: `${cap(pEn)} must have the value ${termText(param(SH.$base + 'hasValue'))}.` };
    case 'Or':
      return { nb: `${ofNb} oppfyller ingen av de tillatte alternativene.`, en: `${ofEn} meets none of the allowed alternatives.` };
    case 'And':
    case 'Node':
    case 'Xone':
    case 'Not':
      return { nb: `${ofNb} oppfyller ikke kravene til den.`, en: `${ofEn} does not meet its requirements.` };
    case 'QualifiedMinCount':
      return { nb: `${cap(pNb)} har for få verdier av riktig slag: minst ${n('qualifiedMinCount')} kreves.`, en: `${cap(pEn)} has too few values of the right kind: at least ${n('qualifiedMinCount')} required.` };
    case 'QualifiedMaxCount':
      return { nb: `${cap(pNb)} har for mange verdier av dette slaget: høyst ${n('qualifiedMaxCount')} er tillatt.`, en: `${cap(pEn)} has too many values of this kind: at most ${n('qualifiedMaxCount')} allowed.` };
    case 'Closed':
      return { nb: `${cap(pNb)} er ikke tillatt her.`, en: `${cap(pEn)} is not allowed here.` };
    case 'UniqueLang':
      return { nb: `${cap(pNb)} har flere verdier på samme språk.`, en: `${cap(pEn)} has more than one value in the same language.` };
    case 'MinLength':
    case 'MaxLength':
      return { nb: `${ofNb} har feil lengde.`, en: `${ofEn} has the wrong length.` };
    case 'LanguageIn':
      return { nb: `${ofNb} er på et språk som ikke er tillatt.`, en: `${ofEn} is in a language that is not allowed.` };
    default: {
      const rule = constraintIri === undefined ? 'en regel' : shortName(constraintIri);
      const ruleEn = constraintIri === undefined ? 'a rule' : shortName(constraintIri);
      return { nb: `${cap(pNb)} bryter regelen ${rule}.`, en: `${cap(pEn)} breaks the rule ${ruleEn}.` };
    }
  }
}
