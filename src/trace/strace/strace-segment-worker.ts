// A worker thread of parallel-parse.ts: parse one segment of a trace file, post the result.
// Built as an entry of its own (scripts/build.mjs: dist/strace-segment-worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { type SegmentJob, parseFileSegment } from './parallel-parse.js';

const { interrupted: _, ...result } = await parseFileSegment(workerData as SegmentJob);
parentPort!.postMessage(result);
