import { BACKENDS } from '../model/backends.js';

/** What `--backend` accepts: a backend, or `auto` (the first that works, see backend-select). */
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
