/**
 * The synchronous last-moment cleanup `main.ts` runs on a second Ctrl-C. live.ts installs it when
 * it is first loaded (by a command that starts something), so `main.ts` reaches it without
 * loading live.ts and its process runner at start-up: until then there is nothing to end.
 */
let endNow: (() => string[]) | undefined;

/** Install the cleanup (live.ts does, once). */
export function installLastResort(end: () => string[]): void {
  endNow = end;
}

/** Run the installed cleanup; returns what could not be removed (nothing when none was installed). */
export function runLastResort(): string[] {
  return endNow ? endNow() : [];
}
