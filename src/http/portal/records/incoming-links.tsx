import type { RelationEntry } from '../../../core/ports/relations-index.js';
import type { PortalContext } from '../portal-context.js';
import { recordPath } from '../search/record-path.js';
import { partHref } from './element-anchor.js';
import type { RecordView } from './record-view.js';

export interface IncomingLinksProps {
  readonly ctx: PortalContext;
  readonly view: RecordView;
  /** The section's heading and its id. */
  readonly heading: string;
  readonly id: string;
  /** Relation type ids (src/rdf/relation-types.ts) whose incoming relations are listed. */
  readonly types: readonly string[];
  /** What the section says when no record has such a relation. */
  readonly none: string;
}

/**
 * The records of the catalog that point at this one with some relation types (the datasets and APIs
 * that conform to a model, the records that use a concept), from the relations index; a link to a part
 * of a record (a model element) goes to the part on that record's page. Nothing without the index.
 */
export function IncomingLinks({ ctx, view, heading, id, types, none }: IncomingLinksProps) {
  if (view.relations === undefined) return null;
  const entries = view.relations.incoming.filter((e) => types.includes(e.type) && e.record !== null);
  return (
    <section class="dk-section" aria-labelledby={id}>
      <h2 class="ds-heading" data-size="sm" id={id}>
        {heading}
      </h2>
      {entries.length === 0 ? (
        <p class="ds-paragraph">{none}</p>
      ) : (
        <ul class="ds-list">
          {entries.map((e, i) => (
            <EntryLink key={`${e.iri}-${i}`} ctx={ctx} entry={e} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EntryLink({ ctx, entry }: { ctx: PortalContext; entry: RelationEntry }) {
  const record = entry.record!;
  const href = record.part ? partHref(ctx, record.kind, record.id, entry.iri) : ctx.href(recordPath(record.kind, record.id));
  return (
    <li>
      <a class="ds-link" href={href}>
        {record.title ?? entry.iri}
      </a>{' '}
      <span class="dk-count">({ctx.t.kinds[record.kind].one})</span>
    </li>
  );
}
