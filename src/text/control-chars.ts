/**
 * Characters a terminal acts on instead of printing: C0 controls but newline and tab (ESC starts
 * CSI/OSC sequences that can retitle or rewrite the screen; CR overwrites the line), DEL, the C1
 * controls (U+009B is a one-byte CSI) and the bidirectional overrides that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Make untrusted text safe for a terminal: each control character becomes a visible `\u001b`-style
 * escape. The escape is JSON's own, so JSON text stays the same JSON (its strings hold no raw C0).
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
