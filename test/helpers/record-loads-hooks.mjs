// Module hooks for record-loads.mjs (they run on the loader thread).
import { appendFileSync } from 'node:fs';

/** Note each module as it loads, then load it as usual. */
export async function load(url, context, nextLoad) {
  appendFileSync(process.env.SECCOMPOSE_TEST_LOADS, `${url}\n`);
  return nextLoad(url, context);
}
