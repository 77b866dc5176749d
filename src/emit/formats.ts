/** What `seccompose emit --format` writes (apart from the emitters, so the command's definition stays light). */
export const EMIT_FORMATS = ['compose', 'docker-flags', 'oci', 'kubernetes', 'pod-security'] as const;
export type EmitFormat = (typeof EMIT_FORMATS)[number];
