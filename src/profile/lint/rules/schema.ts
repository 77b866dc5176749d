import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { profileJsonSchema } from '../../../model/profile-schema.js';
import type { Report, RuleMeta } from '../finding.js';
import { didYouMean } from '../did-you-mean.js';

/** A value of the wrong type or outside the format's enumerations: one finding per violation. */
export const schemaMeta: RuleMeta = {
  id: 'schema',
  severity: 'error',
  summary: 'a field has the wrong type, a value outside the format, or a required field is missing',
  why: 'dockerd decodes the profile into typed Go structs and refuses the container on a type or enum mismatch',
};

let validator: ValidateFunction | undefined;

function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(profileJsonSchema as object);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** Validate the decoded document against the profile JSON Schema; unknown fields are left to `unknown-field`. */
export function reportSchemaViolations(value: unknown): Report[] {
  const errors = validate(value).filter((e) => e.keyword !== 'additionalProperties');
  const composite = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const reports: Report[] = [];
  for (const error of errors) {
    const owner = composite.find((c) => c !== error && error.schemaPath.startsWith(`${c.schemaPath}/`));
    if (owner) continue;
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') reports.push(describeComposite(error, errors));
    else reports.push(describe(error));
  }
  return reports;
}

function describeComposite(error: ErrorObject, all: ErrorObject[]): Report {
  const branches = all.filter((e) => e !== error && e.instancePath === error.instancePath && e.schemaPath.startsWith(`${error.schemaPath}/`));
  const enumError = branches.find((e) => e.keyword === 'enum');
  if (enumError) return describe(enumError);
  const expected = branches.map((e) => (e.keyword === 'type' ? String((e.params as { type: string }).type) : e.message ?? e.keyword));
  return {
    severity: 'error',
    message: `${where(error)} must be ${[...new Set(expected)].join(' or ') || 'valid'}`,
    pointer: error.instancePath,
    hint: 'see the profile format in the README (Docker/moby seccomp JSON)',
  };
}

function describe(error: ErrorObject): Report {
  const base = { severity: 'error' as const, pointer: error.instancePath };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { ...base, message: `${where(error)} lacks the required field "${String(params.missingProperty)}"`, hint: `add "${String(params.missingProperty)}"` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const value = String(error.data);
      return {
        ...base,
        message: `${where(error)} is ${JSON.stringify(error.data)}, not one of the ${allowed.length} allowed values`,
        hint: `use one of ${allowed.slice(0, 8).join(', ')}${allowed.length > 8 ? ', …' : ''}.${didYouMean(value, allowed)}`,
      };
    }
    case 'type':
      return { ...base, message: `${where(error)} must be ${String(params.type)}, not ${typeName(error.data)}`, hint: 'fix the value type' };
    default:
      return { ...base, message: `${where(error)} ${error.message ?? `fails ${error.keyword}`}`, hint: 'fix the value to match the profile format' };
  }
}

function where(error: ErrorObject): string {
  return error.instancePath === '' ? 'the profile' : error.instancePath;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}
