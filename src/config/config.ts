import { ConfigError } from '../core/errors.js';
import { readAccessSettings, type AccessSettings } from './access-config.js';
import { EnvReader, type Env } from './env-reader.js';
import { readHarvestConfig, type HarvestConfig } from './harvest-config.js';
import { readOperationsSettings, type OperationsSettings } from './operations-config.js';
import { readOrganisationsConfig, type OrganisationsConfig } from './organisations-config.js';
import { readSearchConfig, type SearchConfig } from './search-config.js';
import { readServiceConfig, type ServiceConfig } from './service-config.js';
import { readSparqlConfig, type SparqlConfig } from './sparql-config.js';
import { readUrlCheckConfig, type UrlCheckConfig } from './url-check-config.js';
import { readValidateConfig, readValidationConfig, type ValidateConfig, type ValidationConfig } from './validation-config.js';

export type { SparqlStoreConfig } from './sparql-config.js';

/**
 * The whole configuration, parsed once from the environment at start. Every setting has a default;
 * every problem is reported at once (ConfigError lists them all). Each area reads its own settings
 * (one file per area beside this one).
 */
export interface Config extends ServiceConfig, AccessSettings, OperationsSettings {
  readonly harvest: HarvestConfig;
  readonly validation: ValidationConfig;
  readonly sparql: SparqlConfig;
  readonly validate: ValidateConfig;
  readonly organisations: OrganisationsConfig;
  readonly urlCheck: UrlCheckConfig;
  readonly search: SearchConfig;
}

/** Parses the environment into a frozen Config; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const r = new EnvReader(env);
  const config: Config = {
    ...readServiceConfig(r, cwd),
    search: readSearchConfig(r),
    sparql: readSparqlConfig(r),
    ...readAccessSettings(r),
    organisations: readOrganisationsConfig(r),
    harvest: readHarvestConfig(r),
    ...readOperationsSettings(r),
    validation: readValidationConfig(r),
    validate: readValidateConfig(r),
    urlCheck: readUrlCheckConfig(r),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(config);
}
