import type { ErrorObject } from 'ajv';
import { validate as validateProfile } from '../generated/profile-validator.js';
import type { Report } from '../finding.js';
import { didYouMean } from '../did-you-mean.js';

/** ajv's errors for `value` against the profile JSON Schema, compiled ahead (scripts/gen-validator.ts). */
function validate(value: unknown): ErrorObject[] {
  return validateProfile(value) ? [] : [...(validateProfile.errors ?? [])];
}

/** Validate the decoded document against the profile JSON Schema; unknown fields are left to `unknown-field`. */
export function reportSchemaViolations(value: unknown): Report[] {
  const errors = validate(value).filter((e) => e.keyword !== 'additionalProperties');
  const branchErrors = new Set<ErrorObject>();
  const reports: Report[] = [];
  errors.forEach((error, k) => {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return;
    const branches = errors.slice(0, k).filter((e) => e.instancePath === error.instancePath && isBranchOf(e, error));
    branches.forEach((b) => branchErrors.add(b));
    reports.push(describeComposite(error, branches));
  });
  for (const error of errors) {
    if (!branchErrors.has(error) && error.keyword !== 'anyOf' && error.keyword !== 'oneOf')
      reports.push(describe(error));
  }
  return reports;
}

/** Whether `error` came from one of the alternatives of `composite` (ajv lists those just before it). */
function isBranchOf(error: ErrorObject, composite: ErrorObject): boolean {
  if (error.keyword !== 'required') return true;
  const branches = Array.isArray(composite.schema) ? (composite.schema as { required?: string[] }[]) : [];
  return branches.some((b) =>
    b.required?.includes(String((error.params as { missingProperty?: string }).missingProperty)),
  );
}

function describeComposite(error: ErrorObject, branches: ErrorObject[]): Report {
  const enumError = branches.find((e) => e.keyword === 'enum');
  if (enumError) return describe(enumError);
  const missing = branches
    .filter((e) => e.keyword === 'required')
    .map((e) => `"${String((e.params as { missingProperty: string }).missingProperty)}"`);
  if (missing.length > 0 && missing.length === branches.length) {
    return {
      severity: 'error',
      message: `${where(error)} has none of ${missing.join(', ')}`,
      pointer: error.instancePath,
      hint: `add ${missing[0]}`,
    };
  }
  const expected = branches.map((e) =>
    e.keyword === 'type' ? String((e.params as { type: string }).type) : (e.message ?? e.keyword),
  );
  return {
    severity: 'error',
    message: `${where(error)} must be ${[...new Set(expected)].join(' or ') || 'valid'}${error.data === undefined ? '' : `, not ${typeName(error.data)}`}`,
    pointer: error.instancePath,
    hint: 'see the profile format in the README (Docker/moby seccomp JSON)',
  };
}

function describe(error: ErrorObject): Report {
  const base = { severity: 'error' as const, pointer: error.instancePath };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        ...base,
        message: `${where(error)} lacks the required field "${String(params.missingProperty)}"`,
        hint: `add "${String(params.missingProperty)}"`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const guess = typeof error.data === 'string' ? didYouMean(error.data, allowed).trim() : '';
      return {
        ...base,
        message: `${where(error)} is ${typeof error.data === 'string' ? JSON.stringify(error.data).slice(0, 60) : typeName(error.data)}, not one of the ${allowed.length} allowed values`,
        hint: `${guess} Allowed: ${allowed.slice(0, 9).join(', ')}${allowed.length > 9 ? ', …' : ''}`.trim(),
      };
    }
    case 'type':
      return {
        ...base,
        message: `${where(error)} must be ${String(params.type)}, not ${typeName(error.data)}`,
        hint: 'fix the value type',
      };
    default:
      return {
        ...base,
        message: `${where(error)} ${error.message ?? `fails ${error.keyword}`}, not ${typeName(error.data)}`,
        hint: 'fix the value to match the profile format',
      };
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
