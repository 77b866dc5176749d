/** What marks an observation file and its format version (apart from the schema, so writers need no zod). */
export const OBSERVATION_KIND = 'seccompose/observation';
export const OBSERVATION_VERSION = '1.2';
/** The most distinct values kept per argument; beyond, the set is marked truncated. */
export const MAX_ARG_VALUES = 64;
