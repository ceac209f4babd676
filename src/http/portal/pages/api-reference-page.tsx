import type { ComponentChildren } from 'preact';
import { HTTP_METHODS, type HttpMethod, type OpenApiDocument, type Operation, type Parameter, type ParameterOrRef, type ResponseObject, type ResponseOrRef } from '../../openapi/openapi-types.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';

interface DescribedOperation {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operation: Operation;
  readonly parameters: readonly Parameter[];
}

/** An anchor id from an operationId (letters and digits only, so it is a safe fragment). */
const anchorOf = (operationId: string): string => `op-${operationId.replace(/[^A-Za-z0-9]/g, '')}`;
const tagAnchorOf = (tag: string): string => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

function parameterOf(document: OpenApiDocument, p: ParameterOrRef): Parameter {
  if (!('$ref' in p)) return p;
  const found = document.components.parameters[p.$ref.replace('#/components/parameters/', '')];
  if (found === undefined) throw new Error(`The API description refers to a parameter it lacks: ${p.$ref}`);
  return found;
}

function responseOf(document: OpenApiDocument, r: ResponseOrRef): ResponseObject {
  if (!('$ref' in r)) return r;
  const found = document.components.responses[r.$ref.replace('#/components/responses/', '')];
  if (found === undefined) throw new Error(`The API description refers to a response it lacks: ${r.$ref}`);
  return found;
}

/** Every operation of the document with its path's and its own parameters, grouped by its first tag in the document's tag order. */
export function operationsByTag(document: OpenApiDocument): { tag: string; description: string; operations: DescribedOperation[] }[] {
  const groups = document.tags.map((t) => ({ tag: t.name, description: t.description, operations: [] as DescribedOperation[] }));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const group = groups.find((g) => g.tag === operation.tags[0]);
      if (group === undefined) throw new Error(`The operation ${operation.operationId} has a tag the document does not declare.`);
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => parameterOf(document, p));
      group.operations.push({ method, path, operation, parameters });
    }
  }
  return groups.filter((g) => g.operations.length > 0);
}

/** A short form of a parameter's schema: its type, enum, bounds. */
function schemaSummary(schema: Parameter['schema']): string {
  const s = schema as { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; default?: unknown; items?: { type?: string }; format?: string };
  if (s.enum !== undefined) return s.enum.map(String).join(' | ');
  const type = s.type === 'array' ? `${s.items?.type ?? 'value'}…` : (s.format ?? s.type ?? '');
  const bounds = [s.minimum !== undefined ? `≥ ${s.minimum}` : '', s.maximum !== undefined ? `≤ ${s.maximum}` : '', s.default !== undefined ? `= ${String(s.default)}` : ''].filter((b) => b !== '');
  return [type, ...bounds].join(', ');
}

/**
 * /api-reference: the service's OpenAPI document as a page. Grouped by tag (a contents list links to
 * each), each operation with its method and path, what it does, who may call it, its parameters, its
 * request body's media types and its responses. Server-rendered from the same document as
 * /openapi.json; the operations' texts are the document's (English, marked as such).
 */
export function ApiReferencePage({ ctx, document }: { ctx: PortalContext; document: OpenApiDocument }) {
  const { t, lang } = ctx;
  const r = t.apiReference;
  const groups = operationsByTag(document);
  const english = lang === 'en' ? undefined : 'en';
  const En = ({ children }: { children: ComponentChildren }) => <span lang={english}>{children}</span>;
  return (
    <PageLayout ctx={ctx} title={r.title} section="api">
      <h1 class="ds-heading" data-size="lg">
        {r.title}
      </h1>
      <p class="ds-paragraph">{r.intro}</p>
      <dl class="dk-facts">
        <dt>{r.server}</dt>
        <dd class="dk-iri">{document.servers[0]?.url}</dd>
        <dt>OpenAPI</dt>
        <dd>
          <a class="ds-link" href="/openapi.json" type="application/json">
            {r.download}
          </a>
        </dd>
      </dl>
      <p class="ds-paragraph">{r.problems}</p>
      {r.englishNote !== '' && <p class="ds-paragraph">{r.englishNote}</p>}
      <nav class="dk-section" aria-labelledby="api-contents">
        <h2 class="ds-heading" data-size="sm" id="api-contents">
          {r.contents}
        </h2>
        <ul>
          {groups.map((g) => (
            <li key={g.tag}>
              <a class="ds-link" href={`#${tagAnchorOf(g.tag)}`}>
                <En>{g.tag}</En>
              </a>{' '}
              <span class="dk-count">({g.operations.length})</span>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map((g) => (
        <section key={g.tag} class="dk-section" aria-labelledby={tagAnchorOf(g.tag)}>
          <h2 class="ds-heading" data-size="md" id={tagAnchorOf(g.tag)}>
            <En>{g.tag}</En>
          </h2>
          <p class="ds-paragraph" lang={english}>
            {g.description}
          </p>
          {g.operations.map(({ method, path, operation, parameters }) => (
            <article key={operation.operationId} class="dk-element" aria-labelledby={anchorOf(operation.operationId)}>
              <h3 class="ds-heading" data-size="xs" id={anchorOf(operation.operationId)}>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </h3>
              <p class="ds-paragraph" lang={english}>
                {operation.summary}
              </p>
              {operation.description !== undefined && (
                <p class="ds-paragraph" lang={english}>
                  {operation.description}
                </p>
              )}
              {operation.security !== undefined && (
                <p class="ds-paragraph">
                  <span class="ds-tag" data-color="warning">
                    {r.token}
                  </span>{' '}
                  <code>Authorization: Bearer</code> ({operation.security.flatMap((s) => Object.keys(s)).join(', ')})
                </p>
              )}
              {parameters.length > 0 && (
                <>
                  <h4 class="ds-heading" data-size="2xs">
                    {r.parameters}
                  </h4>
                  <ul class="dk-props">
                    {parameters.map((p) => (
                      <li key={`${p.in}-${p.name}`}>
                        <p>
                          <code>{p.name}</code> {r.locations[p.in]}
                          {p.required === true ? `, ${r.required}` : ''}
                          {(p.schema as { type?: string }).type === 'array' ? `, ${r.repeatable}` : ''}
                          {schemaSummary(p.schema) !== '' && (
                            <>
                              {' · '}
                              <code>{schemaSummary(p.schema)}</code>
                            </>
                          )}
                        </p>
                        <p lang={english}>{p.description}</p>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {operation.requestBody !== undefined && (
                <>
                  <h4 class="ds-heading" data-size="2xs">
                    {r.requestBody}
                  </h4>
                  <p class="ds-paragraph">
                    <span lang={english}>{operation.requestBody.description}</span> <code>{Object.keys(operation.requestBody.content).join(', ')}</code>
                  </p>
                </>
              )}
              <h4 class="ds-heading" data-size="2xs">
                {r.responses}
              </h4>
              <dl class="dk-facts">
                {Object.entries(operation.responses).map(([status, response]) => {
                  const resolved = responseOf(document, response);
                  const types = Object.keys(resolved.content ?? {});
                  return [
                    <dt key={`${status}-t`}>
                      <code>{status}</code>
                    </dt>,
                    <dd key={`${status}-d`}>
                      <span lang={english}>{resolved.description}</span>
                      {types.length > 0 && (
                        <>
                          {' '}
                          <code>{types.join(', ')}</code>
                        </>
                      )}
                    </dd>,
                  ];
                })}
              </dl>
            </article>
          ))}
        </section>
      ))}
    </PageLayout>
  );
}
