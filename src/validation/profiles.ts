import { UnknownProfileError, VALIDATION_PROFILES, type ValidationProfileDefinition } from '../core/validation-profiles.js';

export { UnknownProfileError };

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
