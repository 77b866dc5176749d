import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { readReference } from './reference.js';

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema: { openAPIV3Schema: Record<string, unknown> };
}

/** A CRD from the reference data: its scope and versions. */
export interface Crd {
  scope: string;
  group: string;
  kind: string;
  versions: CrdVersion[];
}

/** The CRD in a reference file. */
export function readCrd(file: string): Crd {
  const crd = parse(readReference(file));
  return { scope: crd.spec.scope, group: crd.spec.group, kind: crd.spec.names.kind, versions: crd.spec.versions };
}

/** ajv with the OpenAPI formats Kubernetes checks (int32/int64 ranges) and its extensions tolerated. */
function kubernetesAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('date-time', true);
  return ajv;
}

/**
 * Close every object schema that lists its properties, as the API server's structural pruning
 * and strict field validation (kubectl apply's default) reject unknown fields.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value !== null && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, closed(sub)]));
    else out[key] = closed(value);
  }
  const object = schema as Record<string, unknown>;
  if (object.properties !== undefined && object.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** A validator for whole objects of one CRD version (apiVersion, kind, metadata, spec). */
export function crdValidator(file: string, version: string): ValidateFunction {
  const found = readCrd(file).versions.find((v) => v.name === version);
  if (!found) throw new Error(`${file} has no version ${version}`);
  return kubernetesAjv().compile(closed(found.schema.openAPIV3Schema) as object);
}

/** A validator for a container securityContext, from the Kubernetes core/v1 schema excerpt. */
export function securityContextValidator(): ValidateFunction {
  const spec = JSON.parse(readReference('k8s-core-v1-securitycontext.json'));
  const ajv = kubernetesAjv();
  ajv.addSchema(closed(spec) as object, 'core-v1.json');
  return ajv.compile({ $ref: 'core-v1.json#/components/schemas/io.k8s.api.core.v1.SecurityContext' });
}
