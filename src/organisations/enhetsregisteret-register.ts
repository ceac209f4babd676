import { InvalidOrganisationNumberError, OrganisationRegisterUnavailableError, UnknownOrganisationError } from '../core/errors.js';
import { sectorOfForm, type Organisation } from '../core/organisation.js';
import { organisationNumberProblem } from '../core/organisation-number.js';
import type { Logger } from '../core/ports/logger.js';
import type { OrganisationRegister } from '../core/ports/organisation-register.js';
import type { Store } from '../core/ports/store.js';
import { readRegisterUnit, type RegisterUnit } from './enhetsregisteret-unit.js';
import type { SnapshotOrganisation } from './organisation-snapshot.js';

export interface EnhetsregisteretOptions {
  /** The API's base, e.g. `https://data.brreg.no/enhetsregisteret/api`; undefined asks nobody (cache and snapshot only). */
  readonly baseUrl: string | undefined;
  /** Answers are cached here; a cached answer younger than `cacheTtlMs` is used without asking. */
  readonly store: Store;
  readonly cacheTtlMs: number;
  /** Time limit of one request to the register. */
  readonly timeoutMs: number;
  /** The bundled snapshot (vocab/organisations.ttl), used when the register cannot be asked. */
  readonly snapshot: ReadonlyMap<string, SnapshotOrganisation>;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/** The most parents followed up an organisation path (the state's hierarchy is a few levels deep). */
const MAX_DEPTH = 8;
/** The largest answer read from the register (a unit is about 2 KB). */
const MAX_BODY = 256 * 1024;

type Lookup =
  | { readonly kind: 'found'; readonly unit: RegisterUnit; readonly origin: Organisation['origin'] }
  | { readonly kind: 'snapshot'; readonly organisation: SnapshotOrganisation }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * The organisation register on Enhetsregisteret's open API (Brønnøysundregistrene). A number is
 * looked up as a main unit, then as a sub-unit; the answer is cached in the store. When the register
 * cannot be asked (offline, an error, a time-out) an older cached answer is used, then the bundled
 * snapshot; a number the register says it does not know is refused, whatever is cached.
 */
export class EnhetsregisteretRegister implements OrganisationRegister {
  readonly #now: () => Date;
  constructor(private readonly options: EnhetsregisteretOptions) {
    this.#now = options.now ?? (() => new Date());
  }

  async resolve(organisationNumber: string): Promise<Organisation> {
    const number = organisationNumber.replace(/\s+/g, '');
    const problem = organisationNumberProblem(number);
    if (problem !== null) throw new InvalidOrganisationNumberError(problem, { organisationNumber: number });
    const found = await this.#lookup(number);
    if (found.kind === 'unknown') throw new UnknownOrganisationError(found.reason, { organisationNumber: number });
    if (found.kind === 'unavailable') throw new OrganisationRegisterUnavailableError(found.reason, { organisationNumber: number });
    if (found.kind === 'snapshot') return fromSnapshot(found.organisation);
    return { ...toOrganisation(found.unit, found.origin), orgPath: await this.#orgPath(found.unit) };
  }

  /** `/{sector}/{top}/…/{parent}/{self}`: parents are followed as far as they resolve (a cycle or MAX_DEPTH stops). */
  async #orgPath(unit: RegisterUnit): Promise<string> {
    const chain: string[] = [unit.organisationNumber];
    let top: RegisterUnit = unit;
    while (top.parent !== undefined && chain.length <= MAX_DEPTH && !chain.includes(top.parent)) {
      const parent = await this.#lookup(top.parent);
      if (parent.kind === 'snapshot') return `${parent.organisation.orgPath}/${chain.reverse().join('/')}`;
      if (parent.kind !== 'found') break;
      chain.push(parent.unit.organisationNumber);
      top = parent.unit;
    }
    return `/${sectorOfForm(top.form?.code ?? '')}/${chain.reverse().join('/')}`;
  }

  async #lookup(number: string): Promise<Lookup> {
    const cached = await this.options.store.getCachedOrganisation(number);
    const cachedUnit = cached === undefined ? null : readRegisterUnit(JSON.parse(cached.data));
    if (cached !== undefined && cachedUnit !== null && this.#now().getTime() - Date.parse(cached.fetchedAt) < this.options.cacheTtlMs) {
      return checked(cachedUnit, 'cache');
    }
    let unavailable = 'the organisation register is not configured (ORGANISATION_REGISTER_URL=off)';
    if (this.options.baseUrl !== undefined) {
      const asked = await this.#ask(number);
      if (asked.kind === 'found') {
        await this.options.store.cacheOrganisation(number, JSON.stringify(asked.json), this.#now().toISOString());
        return checked(asked.unit, 'register');
      }
      if (asked.kind === 'unknown') return asked;
      unavailable = asked.reason;
      this.options.logger.warn({ organisationNumber: number, reason: asked.reason }, 'the organisation register could not be asked; using what is kept');
    }
    if (cachedUnit !== null) return checked(cachedUnit, 'cache');
    const known = this.options.snapshot.get(number);
    if (known !== undefined) return { kind: 'snapshot', organisation: known };
    return { kind: 'unavailable', reason: `Organisation ${number} could not be looked up: ${unavailable}, and it is neither cached nor in the bundled snapshot.` };
  }

  async #ask(number: string): Promise<{ kind: 'found'; unit: RegisterUnit; json: unknown } | { kind: 'unknown'; reason: string } | { kind: 'unavailable'; reason: string }> {
    const base = this.options.baseUrl!.replace(/\/+$/, '');
    for (const collection of ['enheter', 'underenheter']) {
      const url = `${base}/${collection}/${number}`;
      let res: Response;
      try {
        res = await fetch(url, { headers: { Accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(this.options.timeoutMs) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        return { kind: 'unavailable', reason: `${url} could not be reached (${cause})` };
      }
      if (res.status === 404) {
        await res.body?.cancel();
        continue;
      }
      if (res.status === 410) {
        await res.body?.cancel();
        return { kind: 'unknown', reason: `Organisation ${number} has been deleted from Enhetsregisteret.` };
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        return { kind: 'unavailable', reason: `${url} answered HTTP ${res.status}` };
      }
      const text = await readCapped(res, MAX_BODY);
      let json: unknown;
      try {
        json = text === null ? null : JSON.parse(text);
      } catch {
        json = null;
      }
      const unit = readRegisterUnit(json);
      if (unit === null || unit.organisationNumber !== number) return { kind: 'unavailable', reason: `${url} answered something that is not the unit asked for` };
      return { kind: 'found', unit, json };
    }
    return { kind: 'unknown', reason: `Enhetsregisteret has no unit with organisation number ${number}.` };
  }
}

function checked(unit: RegisterUnit, origin: Organisation['origin']): Lookup {
  if (unit.deletedOn !== undefined) return { kind: 'unknown', reason: `Organisation ${unit.organisationNumber} (${unit.name}) was deleted from Enhetsregisteret on ${unit.deletedOn}.` };
  return { kind: 'found', unit, origin };
}

function toOrganisation(unit: RegisterUnit, origin: Organisation['origin']): Omit<Organisation, 'orgPath'> {
  return {
    organisationNumber: unit.organisationNumber,
    name: unit.name,
    ...(unit.form !== undefined ? { form: unit.form } : {}),
    ...(unit.parent !== undefined ? { parent: unit.parent } : {}),
    origin,
  };
}

function fromSnapshot(o: SnapshotOrganisation): Organisation {
  return { organisationNumber: o.organisationNumber, name: o.name, ...(o.parent !== undefined ? { parent: o.parent } : {}), orgPath: o.orgPath, origin: 'snapshot' };
}

async function readCapped(res: Response, max: number): Promise<string | null> {
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
