// `node --import ./record-loads.mjs ...`: append the URL of every module the process loads to the
// file named by SECCOMPOSE_TEST_LOADS (one per line), so a test can see what a command loaded.
import { register } from 'node:module';

register(new URL('./record-loads-hooks.mjs', import.meta.url));
