/** Which kind of term a label of a concept is: preferred (anbefalt), admitted (tillatt) or deprecated/hidden (frarådd). */
export const LABEL_ROLES = ['prefLabel', 'altLabel', 'hiddenLabel'] as const;
export type LabelRole = (typeof LABEL_ROLES)[number];
