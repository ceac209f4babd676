/**
 * An organisation from the Central Coordinating Register for Legal Entities (Enhetsregisteret),
 * as the catalog uses it: the publisher of sources and records.
 */
export interface Organisation {
  readonly organisationNumber: string;
  readonly name: string;
  /** Organisation form (absent when only the bundled snapshot knows the organisation), e.g. `{ code: 'ORGL', description: 'Organisasjonsledd' }`. */
  readonly form?: { readonly code: string; readonly description?: string };
  /** The organisation number of the parent unit (overordnet enhet), if any. */
  readonly parent?: string;
  /**
   * The organisation path as data.norge.no builds it: the sector, then every parent from the top,
   * then the organisation itself, e.g. `/STAT/912660680/974760673`.
   */
  readonly orgPath: string;
  /** Where the answer came from: the register itself, the store's cache of it, or the bundled snapshot. */
  readonly origin: 'register' | 'cache' | 'snapshot';
}

/** The sector an organisation path starts with, from the organisation form of the top unit. */
export function sectorOfForm(code: string): 'STAT' | 'FYLKE' | 'KOMMUNE' | 'PRIVAT' | 'ANNET' {
  switch (code) {
    case 'STAT':
    case 'ORGL':
    case 'SF':
    case 'ADOS':
      return 'STAT';
    case 'FYLK':
      return 'FYLKE';
    case 'KOMM':
    case 'KF':
    case 'IKS':
      return 'KOMMUNE';
    case 'AS':
    case 'ASA':
    case 'ENK':
    case 'ANS':
    case 'DA':
    case 'NUF':
    case 'SA':
    case 'BA':
    case 'STI':
    case 'FLI':
      return 'PRIVAT';
    default:
      return 'ANNET';
  }
}

/** Whether `organisation` is `ancestor` or one of its sub-units, by the organisation path. */
export function isWithin(orgPath: string, ancestor: string): boolean {
  return orgPath.split('/').includes(ancestor);
}
