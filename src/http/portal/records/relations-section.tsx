import type { RelationEntry, RelationsAnswer } from '../../../core/ports/relations-index.js';
import { pathSegmentOf } from '../../../core/resource-kind.js';
import { relationTypeOf } from '../../../rdf/relation-types.js';
import { foreignLang } from '../i18n/portal-language.js';
import type { PortalContext } from '../portal-context.js';
import { Resource } from './record-parts.js';
import type { RecordView } from './record-view.js';

/**
 * The record's relations from the relations index, both ways, each named by its type in the page
 * language (a data service *serves* a dataset; a dataset *is served by* it). Records in the catalog
 * are links (a removed one too: its page says when it went); other resources are shown as they are.
 */
export function RelationsSection({ ctx, view, relations }: { ctx: PortalContext; view: RecordView; relations: RelationsAnswer }) {
  const { t } = ctx;
  const empty = relations.outgoing.length === 0 && relations.incoming.length === 0;
  return (
    <section class="dk-section" aria-labelledby="relations">
      <h2 class="ds-heading" data-size="sm" id="relations">
        {t.record.relations}
      </h2>
      {empty && <p class="ds-paragraph">{t.record.noRelations}</p>}
      <Direction ctx={ctx} view={view} id="outgoing" heading={t.record.outgoing} entries={relations.outgoing} direction="outgoing" />
      <Direction ctx={ctx} view={view} id="incoming" heading={t.record.incoming} entries={relations.incoming} direction="incoming" />
    </section>
  );
}

function Direction(props: { ctx: PortalContext; view: RecordView; id: string; heading: string; entries: readonly RelationEntry[]; direction: 'outgoing' | 'incoming' }) {
  const { ctx, view, id, heading, entries, direction } = props;
  if (entries.length === 0) return null;
  return (
    <>
      <h3 class="ds-heading" data-size="xs" id={id}>
        {heading}
      </h3>
      <ul class="ds-list" aria-labelledby={id}>
        {entries.map((e, i) => {
          const type = relationTypeOf(e.type);
          const label = type === undefined ? e.type : type[direction][ctx.lang];
          return (
            <li key={`${e.type}-${e.iri}-${i}`}>
              {label}:{' '}
              {e.record !== null ? (
                <a class="ds-link" href={ctx.href(`/${pathSegmentOf(e.record.kind)}/${e.record.id}`)} lang={e.record.title === null ? undefined : foreignLang(e.record.titleLanguage, ctx.lang)}>
                  {e.record.title ?? e.iri}
                </a>
              ) : (
                <Resource ctx={ctx} view={view} iri={e.iri} />
              )}
              {e.record !== null && <span class="dk-count"> ({ctx.t.kinds[e.record.kind].one})</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}
