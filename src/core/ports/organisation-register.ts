import type { Organisation } from '../organisation.js';

/**
 * Resolves organisation numbers to organisations (name, organisation form, parent, organisation path).
 * Throws InvalidOrganisationNumberError for a value that is not an organisation number,
 * UnknownOrganisationError when the register does not know it (or it is deleted), and
 * OrganisationRegisterUnavailableError when the register cannot be asked and nothing kept knows it.
 * Adapter: src/organisations (Enhetsregisteret's open API, cached in the store, a bundled snapshot offline).
 */
export interface OrganisationRegister {
  resolve(organisationNumber: string): Promise<Organisation>;
}
