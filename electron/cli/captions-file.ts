import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MAX_RAW_TEXT_CHARS } from '../../shared/text';
import { CliError, ExitCode } from './exit-codes';

/** A captions file larger than this is not a list of captions. */
export const MAX_CAPTIONS_FILE_BYTES = 1024 * 1024;

/**
 * Reads `--captions FILE`: UTF-8 text (a byte-order mark is allowed), one caption per photo, one
 * line each, in the photos' order; an empty line is a photo without a caption. Line ends may be
 * \n, \r\n or \r; a last line end is not a caption. Anything else is refused with what to fix.
 */
export async function readCaptionsFile(file: string, cwd = process.cwd()): Promise<string[]> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => null);
  if (!info) throw new CliError(`--captions "${file}": the file does not exist`, ExitCode.USAGE);
  if (!info.isFile()) throw new CliError(`--captions "${file}": not a file; name a text file with one caption per line`, ExitCode.USAGE);
  if (info.size > MAX_CAPTIONS_FILE_BYTES) throw new CliError(`--captions "${file}": ${info.size} bytes is too large for a list of captions (1 MB at most)`, ExitCode.USAGE);
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new CliError(`--captions "${file}": cannot be read (${(error as Error).message})`, ExitCode.USAGE);
  });
  if (bytes.includes(0)) throw new CliError(`--captions "${file}": not a text file (it has NUL bytes); save the captions as UTF-8 text`, ExitCode.USAGE);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`--captions "${file}": not UTF-8 text; save it as UTF-8 (one caption per line)`, ExitCode.USAGE);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new CliError(`--captions "${file}": the file is empty; write one caption per photo, one line each`, ExitCode.USAGE);
  const long = lines.findIndex((l) => l.length > MAX_RAW_TEXT_CHARS);
  if (long >= 0) throw new CliError(`--captions "${file}": line ${long + 1} has ${lines[long]!.length} characters; a caption has at most ${MAX_RAW_TEXT_CHARS}`, ExitCode.USAGE);
  return lines;
}

/** Checks the captions against the photos to render: no more lines than photos. */
export function checkCaptionCount(lines: readonly string[], photos: number, file: string): void {
  if (lines.length > photos) {
    throw new CliError(
      `--captions "${file}" has ${lines.length} lines but there ${photos === 1 ? 'is 1 photo' : `are ${photos} photos`}: write one line per photo, in the order they are rendered`,
      ExitCode.USAGE,
    );
  }
}
