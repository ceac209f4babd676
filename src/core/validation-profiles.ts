import { BadRequestError } from './errors.js';
import type { ResourceKind } from './resource-kind.js';

/** A validation profile: a SHACL shapes file in shapes/ and the record kinds its shapes target. */
export interface ValidationProfileDefinition {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** The record kinds this profile has shapes for: a record of another kind is never validated against it. */
  readonly recordKinds: readonly ResourceKind[];
  /** The shapes file in shapes/ that defines it (see shapes/README.md). */
  readonly shapesFile: string;
  /** The official rule sets it runs, where the official shapes come split (DCAT-AP-NO 3.0: core, ranges, vocabularies). */
  readonly ruleSets?: readonly string[];
}

/**
 * Every validation profile the catalog knows: the one list that configuration (`VALIDATION_PROFILE`),
 * the CLI (`--profile`), source registration and HTTP (`/api/validate/profiles`) read. A harvester
 * names the ones that apply to each record kind it produces (`Harvester.profiles`).
 */
export const VALIDATION_PROFILES: readonly ValidationProfileDefinition[] = Object.freeze([
  {
    id: 'dcat-ap-no-2',
    label: 'DCAT-AP-NO 2.0',
    description: 'The Norwegian application profile of DCAT, version 2.0: the rules data.norge.no validates against today.',
    recordKinds: ['catalog', 'dataset', 'dataset-series', 'data-service'],
    shapesFile: 'dcat-ap-no-2.ttl',
  },
  {
    id: 'dcat-ap-no-3',
    label: 'DCAT-AP-NO 3.0',
    description: 'DCAT-AP-NO 3.0 as published: the official core, ranges and vocabularies rule sets; values of controlled vocabularies are looked up in the vocabularies the catalog holds.',
    recordKinds: ['catalog', 'dataset', 'dataset-series', 'data-service'],
    shapesFile: 'dcat-ap-no-3-vocabularies.ttl',
    ruleSets: ['core', 'ranges', 'vocabularies'],
  },
  {
    id: 'dcat-ap-no-3-core-ranges',
    label: 'DCAT-AP-NO 3.0 (core + ranges)',
    description: 'DCAT-AP-NO 3.0, the core and ranges rule sets: cardinalities, forms, and controlled vocabularies checked by the form of the IRI.',
    recordKinds: ['catalog', 'dataset', 'dataset-series', 'data-service'],
    shapesFile: 'dcat-ap-no-3-ranges.ttl',
    ruleSets: ['core', 'ranges'],
  },
  {
    id: 'dcat-ap-no-3-core',
    label: 'DCAT-AP-NO 3.0 (core)',
    description: 'DCAT-AP-NO 3.0, the core rule set only: mandatory properties, cardinalities and the form of each value.',
    recordKinds: ['catalog', 'dataset', 'dataset-series', 'data-service'],
    shapesFile: 'dcat-ap-no-3-core.ttl',
    ruleSets: ['core'],
  },
  {
    id: 'dcat-ap-3',
    label: 'DCAT-AP 3.0',
    description: 'DCAT-AP 3.0.1, the European application profile of DCAT: the official shapes, for catalogs from outside Norway.',
    recordKinds: ['catalog', 'dataset', 'dataset-series', 'data-service'],
    shapesFile: 'dcat-ap-3.ttl',
  },
  {
    id: 'skos-ap-no-2',
    label: 'SKOS-AP-NO-Begrep 2.0',
    description: 'The Norwegian application profile for concept descriptions (begrepskataloger), version 2.0.',
    recordKinds: ['concept'],
    shapesFile: 'skos-ap-no-2.ttl',
  },
  {
    id: 'modelldcat-ap-no',
    label: 'ModellDCAT-AP-NO',
    description: 'The Norwegian application profile for information models: model catalogs, models, their elements and properties.',
    recordKinds: ['catalog', 'information-model'],
    shapesFile: 'modelldcat-ap-no.ttl',
  },
  {
    id: 'skos',
    label: 'SKOS integrity',
    description: 'The integrity conditions of SKOS, for reference data harvested from any SKOS concept scheme.',
    recordKinds: ['concept'],
    shapesFile: 'skos.ttl',
  },
]);

export const VALIDATION_PROFILE_IDS: readonly string[] = VALIDATION_PROFILES.map((p) => p.id);

/** The validation profiles that apply to each record kind a harvester produces, the default first. */
export type ProfilesByKind = Readonly<Partial<Record<ResourceKind, readonly string[]>>>;

/**
 * The profile a record of this kind is validated against: the source's own choice when it applies to
 * the kind, else the configured default when it applies, else the harvester's default for the kind.
 * Undefined when the harvester declares no profile for the kind (such a record is never published).
 */
export function chooseProfile(kind: ResourceKind, profiles: ProfilesByKind, sourceProfile: string | undefined, configuredDefault: string | undefined): string | undefined {
  const options = profiles[kind];
  if (options === undefined || options.length === 0) return undefined;
  if (sourceProfile !== undefined && options.includes(sourceProfile)) return sourceProfile;
  if (configuredDefault !== undefined && options.includes(configuredDefault)) return configuredDefault;
  return options[0];
}

/** Every profile id a harvester declares for any of its kinds, in declaration order, once each. */
export function declaredProfiles(profiles: ProfilesByKind): string[] {
  return [...new Set(Object.values(profiles).flatMap((ids) => ids ?? []))];
}

/** A request named a profile the validator does not have (HTTP 400 `unknown-profile` when it reaches a client). */
export class UnknownProfileError extends BadRequestError {
  override readonly code = 'unknown-profile';
  constructor(readonly profile: string, known: readonly string[] = VALIDATION_PROFILES.map((p) => p.id)) {
    super(`Unknown validation profile "${profile}". Known profiles: ${known.join(', ')}.`, { profile, profiles: [...known] });
  }
}
