/**
 * Text a creator typed or a file was named, made safe to show: no control characters (C0, DEL,
 * C1), no bidirectional controls (U+202E and friends make "photo‮gpj.exe" read "photoexe.jpg"),
 * no invisible format characters that hide text (zero-width space, word joiner, BOM), and no
 * unpaired surrogates (not text at all). Joiners that emoji and scripts need (U+200C, U+200D) and
 * variation selectors stay. Plain code, no imports: every side uses it.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const LINE_BREAKS_AND_TABS = /[\u0009\u000a\u000d]/g;
const BIDI_AND_INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function strip(raw: string): string {
  return raw.replace(LONE_SURROGATES, '').replace(CONTROLS, '').replace(BIDI_AND_INVISIBLE, '');
}

/** A one-line name (project, clip, file, track): tabs and line breaks become spaces, then trimmed. */
export function cleanName(raw: string): string {
  return strip(raw).replace(LINE_BREAKS_AND_TABS, ' ').trim();
}

/** Text that may span lines (a prompt, a caption): line breaks and tabs stay. */
export function cleanText(raw: string): string {
  return strip(raw);
}
