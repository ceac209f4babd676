import type { Quad } from '@rdfjs/types';
import { DCT, DK, FOAF, ORG } from '../rdf/namespaces.js';

/** An organisation as the bundled snapshot (vocab/organisations.ttl) describes it. */
export interface SnapshotOrganisation {
  readonly organisationNumber: string;
  readonly name: string;
  readonly parent?: string;
  readonly orgPath: string;
}

/**
 * The organisations of the bundled vocabularies (vocab/organisations.ttl: `dct:identifier`,
 * `foaf:name`, `org:subOrganizationOf`, `dk:orgPath`), by organisation number: what the register
 * answers when it cannot be asked (offline) and has never been asked about a number.
 */
export function organisationSnapshot(quads: readonly Quad[]): ReadonlyMap<string, SnapshotOrganisation> {
  const bySubject = new Map<string, { id?: string; names: Map<string, string>; parentIri?: string; orgPath?: string }>();
  const entry = (s: string) => {
    let e = bySubject.get(s);
    if (e === undefined) bySubject.set(s, (e = { names: new Map() }));
    return e;
  };
  for (const q of quads) {
    const p = q.predicate.value;
    if (p === DCT.identifier && q.object.termType === 'Literal') entry(q.subject.value).id = q.object.value;
    else if (p === FOAF.name && q.object.termType === 'Literal') entry(q.subject.value).names.set(q.object.language, q.object.value);
    else if (p === ORG.subOrganizationOf) entry(q.subject.value).parentIri = q.object.value;
    else if (p === DK.orgPath && q.object.termType === 'Literal') entry(q.subject.value).orgPath = q.object.value;
  }
  const out = new Map<string, SnapshotOrganisation>();
  for (const e of bySubject.values()) {
    if (e.id === undefined || !/^\d{9}$/.test(e.id) || e.orgPath === undefined) continue;
    const name = e.names.get('nb') ?? e.names.get('') ?? [...e.names.values()][0];
    if (name === undefined) continue;
    const parent = e.parentIri === undefined ? undefined : bySubject.get(e.parentIri)?.id;
    out.set(e.id, { organisationNumber: e.id, name, orgPath: e.orgPath, ...(parent !== undefined ? { parent } : {}) });
  }
  return out;
}
