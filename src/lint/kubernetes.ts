import { InputError } from '../errors.js';
import { dockerSpecOf } from '../profile/spo-profile.js';
import { isKubernetesText, parseSpoStream, type SpoObject } from '../profile/spo-stream.js';
import { joinPointer } from './source.js';
import type { LintOptions } from './context.js';
import { compareFindings, type Finding } from './finding.js';
import { lintProfileText } from './run.js';

/**
 * Lint one SeccompProfile: its spec (without the operator-only fields) is the Docker profile the
 * operator installs, linted as such; each finding then points at the spec's own line:column in
 * the YAML (or JSON) and names the object, so editors and SARIF viewers open the right line.
 */
function lintObject(
  object: SpoObject,
  locate: (pointer: string) => { line: number; column: number },
  options: LintOptions,
): Finding[] {
  const text = `${JSON.stringify(dockerSpecOf(object), null, 2)}\n`;
  return lintProfileText(text, object.name, options).map((finding) => ({
    ...finding,
    ...locate(finding.pointer),
    pointer: `${joinPointer(...object.specPath)}${finding.pointer}`,
    message: `SeccompProfile ${object.name}: ${finding.message}`,
  }));
}

/**
 * Lint a profile input of either kind: a Docker profile JSON as is, or every SeccompProfile of a
 * Kubernetes stream (one object, `---` documents, a `List`), or the one `selector` names. Throws
 * InputError for a stream that is not YAML or holds no SeccompProfile (unreadable input, exit 2).
 */
export function lintAnyProfileText(text: string, source: string, options: LintOptions, selector?: string): Finding[] {
  if (!isKubernetesText(text)) return lintProfileText(text, source, options);
  const stream = parseSpoStream(text, source);
  const objects = selector === undefined ? stream.objects : stream.objects.filter((o) => o.name === selector);
  if (objects.length === 0)
    throw new InputError(`${source} has no SeccompProfile named ${JSON.stringify(selector)}`, {
      hint: `it holds: ${stream.objects.map((o) => o.name).join(', ')}`,
    });
  return objects
    .flatMap((object) => lintObject(object, (pointer) => stream.locate(object, pointer), options))
    .sort(compareFindings);
}
