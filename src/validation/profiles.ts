import { BadRequestError } from '../core/errors.js';
import type { ValidationProfile } from '../core/ports/validator.js';

/** A validation profile and the shapes file (in shapes/) that defines it. */
export interface ProfileDefinition extends ValidationProfile {
  readonly shapesFile: string;
}

export const PROFILES: readonly ProfileDefinition[] = Object.freeze([
  {
    id: 'dcat-ap-no-2',
    label: 'DCAT-AP-NO 2.0',
    description: 'The Norwegian application profile of DCAT, version 2.0: the rules data.norge.no validates against today.',
    shapesFile: 'dcat-ap-no-2.ttl',
  },
  {
    id: 'dcat-ap-no-3',
    label: 'DCAT-AP-NO 3.0 (draft)',
    description: 'The stricter rules of the DCAT-AP-NO 3.0 draft, on top of DCAT-AP-NO 2.0.',
    shapesFile: 'dcat-ap-no-3.ttl',
  },
  {
    id: 'skos-ap-no-2',
    label: 'SKOS-AP-NO-Begrep 2.0',
    description: 'The Norwegian application profile for concept descriptions (begrepskataloger), version 2.0.',
    shapesFile: 'skos-ap-no-2.ttl',
  },
  {
    id: 'skos',
    label: 'SKOS integrity',
    description: 'The integrity conditions of SKOS, for reference data harvested from any SKOS concept scheme.',
    shapesFile: 'skos.ttl',
  },
]);

/** The profile with this id; throws an error that lists the known ids. */
export function profileById(id: string): ProfileDefinition {
  const found = PROFILES.find((p) => p.id === id);
  if (found === undefined) throw new UnknownProfileError(id);
  return found;
}

/** A request named a profile the validator does not have (HTTP 400 when it reaches a client). */
export class UnknownProfileError extends BadRequestError {
  override readonly code = 'unknown-profile';
  constructor(readonly profile: string) {
    super(`Unknown validation profile "${profile}". Known profiles: ${PROFILES.map((p) => p.id).join(', ')}.`, { profile, profiles: PROFILES.map((p) => p.id) });
  }
}
