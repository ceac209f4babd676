// The validation capability: SHACL against shapes/ with vocab/ as background.
export { ShaclValidator, type ShaclValidatorOptions } from './shacl-validator.js';
export { validateDocument } from './validate-document.js';
export { storedReferenceConcepts } from './stored-reference-concepts.js';
export { formatReport, resultProperty, type ReportLanguage } from './format-report.js';
export { PROFILES, profileById, UnknownProfileError, type ProfileDefinition } from './profiles.js';
export { defaultDataDirectories, type DataDirectories } from './data-directories.js';
