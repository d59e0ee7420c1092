// The reports not sent yet, kept across a quit: <data>/reports/unsent.json, written whole (temp file
// + rename) by the recorder when it closes and when a send fails, read back when the next session
// starts. It holds events as they would be sent (stamped and redacted), so nothing on disk is
// less private than the batch itself. Anything that is not such a file is removed, never trusted.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { TelemetryEvent } from './telemetry-batch';

/** Events older than this are not worth sending any more. */
export const SPOOL_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Larger than any spool the recorder writes (its queue is bounded): such a file is not ours. */
const MAX_SPOOL_BYTES = 16 * 1024 * 1024;

const SpoolFile = z.object({ kind: z.literal('echoes-unsent-reports'), version: z.literal(1), events: z.array(z.unknown()) }).strict();

export function unsentReportsFile(dataDir: string): string {
  return join(dataDir, 'reports', 'unsent.json');
}

export function removeSpool(file: string): void {
  rmSync(file, { force: true });
}

/**
 * The spooled events still worth sending, oldest first, at most `max` (the newest kept); events
 * that do not pass the schema or are older than 7 days are dropped. A missing file is no events;
 * a corrupt or foreign one is removed. Never throws.
 */
export function readSpool(file: string, options: { now: number; max: number }): TelemetryEvent[] {
  let text: string;
  try {
    if (statSync(file).size > MAX_SPOOL_BYTES) throw new Error('too large for a spool');
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') removeQuietly(file);
    return [];
  }
  let events: unknown[];
  try {
    const parsed = SpoolFile.safeParse(JSON.parse(text));
    if (!parsed.success) throw parsed.error;
    events = parsed.data.events;
  } catch {
    removeQuietly(file);
    return [];
  }
  const oldest = options.now - SPOOL_MAX_AGE_MS;
  const kept = events.flatMap((raw) => {
    const event = TelemetryEvent.safeParse(raw);
    if (!event.success) return [];
    const at = Date.parse(event.data.at);
    return Number.isFinite(at) && at >= oldest ? [event.data] : [];
  });
  if (!kept.length) removeQuietly(file);
  return kept.slice(-options.max);
}

/** Replaces the spool with these events (atomically: a crash leaves the old file or the new one); none = no file. */
export function writeSpool(file: string, events: readonly TelemetryEvent[]): void {
  if (!events.length) return removeSpool(file);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify({ kind: 'echoes-unsent-reports', version: 1, events }));
    renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

function removeQuietly(file: string): void {
  try {
    removeSpool(file);
  } catch {
    // left for the next start to try again
  }
}
