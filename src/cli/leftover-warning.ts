import type { Runner } from '../exec/run.js';
import { findLeftovers } from '../cleanup/leftovers.js';
import { describeLeftover } from './render/cleanup-text.js';

/** At the start of record/verify: warn about what seccompose processes that died left behind. */
export async function warnAboutLeftovers(runner: Runner, stderr: NodeJS.WritableStream): Promise<void> {
  const { leftovers } = await findLeftovers(runner);
  if (leftovers.length === 0) return;
  const list = leftovers.slice(0, 5).map((l) => `\n  ${describeLeftover(l)}`);
  const more = leftovers.length > 5 ? `\n  and ${leftovers.length - 5} more` : '';
  stderr.write(
    `seccompose: warning: a seccompose process that is gone left ${leftovers.length} thing(s) behind:${list.join('')}${more}\n` +
      'hint: run `seccompose cleanup` to remove them (`--dry-run` lists them)\n',
  );
}
