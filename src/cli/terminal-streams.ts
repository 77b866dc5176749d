import { Writable } from 'node:stream';
import { escapeControls } from '../text/control-chars.js';

/**
 * A stream that writes to `target` with every control character escaped: what commands print
 * comes partly from untrusted files (trace lines, profile keys, image names), and a raw ESC or
 * CR there could retitle or rewrite the user's terminal. JSON passes through unchanged.
 */
export function escapingStream(target: NodeJS.WriteStream): NodeJS.WritableStream {
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      target.write(escapeControls(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
      done();
    },
  });
}

/**
 * A reader that goes away (`seccompose --help | head`) is not an error: stop writing quietly
 * instead of crashing with an unhandled EPIPE. The exit code stays the command's own.
 */
export function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
