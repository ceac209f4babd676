/**
 * One unit as Enhetsregisteret's open API answers it (`GET {base}/enheter/{orgnr}` for main units,
 * `GET {base}/underenheter/{orgnr}` for sub-units), reduced to what the catalog uses. The fields are
 * Brønnøysundregistrene's: `organisasjonsnummer`, `navn`, `organisasjonsform.{kode,beskrivelse}`,
 * `overordnetEnhet` (the parent in the public sector's hierarchy; a sub-unit's main unit),
 * `slettedato` (deleted from the register).
 */
export interface RegisterUnit {
  readonly organisationNumber: string;
  readonly name: string;
  readonly form?: { readonly code: string; readonly description?: string };
  readonly parent?: string;
  readonly deletedOn?: string;
}

/** Reads the register's JSON answer; null when it does not have the shape of a unit. */
export function readRegisterUnit(json: unknown): RegisterUnit | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const orgnr = o.organisasjonsnummer;
  const name = o.navn;
  if (typeof orgnr !== 'string' || !/^\d{9}$/.test(orgnr) || typeof name !== 'string' || name.trim() === '') return null;
  const form = o.organisasjonsform as Record<string, unknown> | undefined;
  const code = typeof form?.kode === 'string' ? form.kode : undefined;
  const description = typeof form?.beskrivelse === 'string' ? form.beskrivelse : undefined;
  const parent = typeof o.overordnetEnhet === 'string' && /^\d{9}$/.test(o.overordnetEnhet) ? o.overordnetEnhet : undefined;
  const deletedOn = typeof o.slettedato === 'string' ? o.slettedato : undefined;
  return {
    organisationNumber: orgnr,
    name: name.trim(),
    ...(code !== undefined ? { form: { code, ...(description !== undefined ? { description } : {}) } } : {}),
    ...(parent !== undefined ? { parent } : {}),
    ...(deletedOn !== undefined ? { deletedOn } : {}),
  };
}
