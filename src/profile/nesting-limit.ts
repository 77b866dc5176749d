/** Deepest nesting read; a profile is 5 levels deep, and deeper input would exhaust the tree parser's stack. */
export const MAX_NESTING = 64;
