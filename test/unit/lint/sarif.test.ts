import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';
import { renderLintSarif } from '../../../src/cli/render/lint-sarif.js';
import { ALL_RULES } from '../../../src/lint/registry.js';
import { buildLintReport } from '../../../src/lint/report.js';
import { lintProfileText } from '../../../src/lint/run.js';

/**
 * The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) and of GitHub's upload
 * requirements that code scanning checks: version, $schema, tool.driver.name, rules with ids,
 * results with message.text, a level from the SARIF enum, a relative artifact URI and a region.
 */
const SARIF_SUBSET = {
  type: 'object',
  required: ['version', '$schema', 'runs'],
  properties: {
    version: { const: '2.1.0' },
    $schema: { type: 'string', pattern: 'sarif' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  version: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri', pattern: '^https://' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription', 'fullDescription', 'help', 'defaultConfiguration'],
                      properties: {
                        id: { type: 'string', minLength: 1 },
                        shortDescription: { $ref: '#/$defs/message' },
                        fullDescription: { $ref: '#/$defs/message' },
                        help: { $ref: '#/$defs/message' },
                        defaultConfiguration: {
                          type: 'object',
                          required: ['level'],
                          properties: { level: { $ref: '#/$defs/level' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'level', 'message', 'locations'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { $ref: '#/$defs/level' },
                message: { $ref: '#/$defs/message' },
                locations: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['physicalLocation'],
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation', 'region'],
                        properties: {
                          artifactLocation: {
                            type: 'object',
                            required: ['uri'],
                            properties: { uri: { type: 'string', not: { pattern: '^(/|[a-zA-Z]:\\\\)' } } },
                          },
                          region: {
                            type: 'object',
                            required: ['startLine', 'startColumn'],
                            properties: {
                              startLine: { type: 'integer', minimum: 1 },
                              startColumn: { type: 'integer', minimum: 1 },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  $defs: {
    level: { enum: ['none', 'note', 'warning', 'error'] },
    message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
  },
};

const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(SARIF_SUBSET);

function sarifFor(files: Record<string, string>): {
  runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
} {
  const report = buildLintReport(
    Object.entries(files).map(([path, text]) => ({ path, findings: lintProfileText(text, path) })),
  );
  return JSON.parse(renderLintSarif(report, '0.1.0', repoRoot));
}

describe('SARIF output', () => {
  const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', 'lint', 'bad', name);
  const text = (name: string) => readFileSync(fixture(name), 'utf8');

  it('validates against the SARIF 2.1.0 subset GitHub code scanning checks', () => {
    const sarif = sarifFor({
      [fixture('high-risk-syscall.json')]: text('high-risk-syscall.json'),
      [fixture('invalid-json.json')]: text('invalid-json.json'),
    });
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(2);
  });

  it('links to no made-up home page: the rules carry their help text instead (seccompose has no public URL)', () => {
    const sarif = sarifFor({ [fixture('high-risk-syscall.json')]: text('high-risk-syscall.json') });
    expect(JSON.stringify(sarif)).not.toMatch(/informationUri|helpUri|github\.com/);
    expect(sarif.runs[0]!.tool.driver.rules.every((r) => JSON.stringify(r).includes('"help"'))).toBe(true);
  });

  it('the subset schema rejects what code scanning rejects (a bad level, an absolute URI, no message)', () => {
    const sarif = sarifFor({ [fixture('high-risk-syscall.json')]: text('high-risk-syscall.json') });
    const broken = structuredClone(sarif);
    (broken.runs[0]!.results[0] as { level: string }).level = 'info';
    expect(validate(broken)).toBe(false);
    const absolute = structuredClone(sarif) as unknown as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    absolute.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = '/abs/path.json';
    expect(validate(absolute)).toBe(false);
  });

  it('lists every rule, maps severities to SARIF levels and uses paths relative to the working directory', () => {
    const sarif = sarifFor({ [fixture('high-risk-syscall.json')]: text('high-risk-syscall.json') });
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    const result = run.results[0] as {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[];
    };
    expect(result).toMatchObject({ ruleId: 'high-risk-syscall', level: 'warning' });
    expect(result.locations[0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'test/fixtures/lint/bad/high-risk-syscall.json' },
      region: { startLine: 20, startColumn: 9 },
    });
    const notes = sarifFor({ 'x.json': text('syscall-not-on-arch.json') }).runs[0]!.results.map((r) => r.level);
    expect(notes).toEqual(['note']);
  });
});
