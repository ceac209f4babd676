import { MODELLDCATNO, RDF } from './namespaces.js';
import type { RecordGraph } from './record-graph.js';

/** Classes of the parts of an information model: its model elements and their properties (ModellDCAT-AP-NO). */
export const MODEL_PART_CLASSES: ReadonlySet<string> = new Set([
  MODELLDCATNO.ModelElement, MODELLDCATNO.ObjectType, MODELLDCATNO.RootObjectType, MODELLDCATNO.SimpleType, MODELLDCATNO.DataType,
  MODELLDCATNO.CodeList, MODELLDCATNO.CodeElement, MODELLDCATNO.Module, MODELLDCATNO.Note,
  MODELLDCATNO.Property, MODELLDCATNO.Attribute, MODELLDCATNO.Role, MODELLDCATNO.Association, MODELLDCATNO.Composition,
  MODELLDCATNO.Collection, MODELLDCATNO.Specialization, MODELLDCATNO.Realization, MODELLDCATNO.Abstraction,
  MODELLDCATNO.Dependency, MODELLDCATNO.Choice, MODELLDCATNO.And, MODELLDCATNO.Or, MODELLDCATNO.Xor, MODELLDCATNO.Not,
  MODELLDCATNO.AllOf, MODELLDCATNO.AnyOf, MODELLDCATNO.ConstraintRule,
]);

/** The subjects of a record graph, other than its resource, typed as a model element or property; sorted. */
export function modelPartsOf(graph: RecordGraph, resource: string): string[] {
  const parts: string[] = [];
  for (const subject of graph.subjects()) {
    if (subject === resource) continue;
    if (graph.iris(subject, RDF.type).some((c) => MODEL_PART_CLASSES.has(c))) parts.push(subject);
  }
  return parts.sort();
}
