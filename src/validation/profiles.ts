import { BadRequestError } from '../core/errors.js';
import { VALIDATION_PROFILES, type ValidationProfileDefinition } from '../core/validation-profiles.js';

/** A validation profile and the shapes file (in shapes/) that defines it. */
export type ProfileDefinition = ValidationProfileDefinition;

/** The one list of profiles (src/core/validation-profiles.ts). */
export const PROFILES: readonly ProfileDefinition[] = VALIDATION_PROFILES;

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
