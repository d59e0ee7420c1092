import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Export } from '../../../shared/contract/export';
import type { CompileProgress, CompileResult } from './compile/request';
import type { SegmentCache } from './compile/segmented';
import type { EncoderSetting } from '../../../shared/values';
import { StudioError } from '../../../shared/contract/errors';
import type { EventBus } from '../rpc/event-bus';
import { compileTimeline, CompileInputError } from './compile/index';
import type { ClipRepository, TimelineEntry } from '../clips/clip-repository';
import type { ProjectRepository } from '../projects/project-repository';
import { diskFullMessage, isDiskFull } from '../system/disk-full';
import { FfmpegNotFoundError, FfmpegRunError, isAbortError } from '../ffmpeg/index';
import type { LocalMediaStore } from '../media/media-store';
import type { BundledMusic } from '../timeline/bundled-music';
import { buildCompileRequest } from './compile-request';
import { copyFileTo, OutputKeptError, removeQuietly, renameFile } from '../system/file-ops';
import type { ExportRepository } from './export-repository';
import type { BeatService } from '../timeline/beats/beat-service';
import { beatGridOf } from '../../../shared/beat-fit';
import type { TimelineSettingsRepository } from '../timeline/timeline-settings-repository';

/** What only a desktop shell can do; the bridge and the CLI leave these out. */
export interface ShellActions {
  chooseSavePath?(defaultName: string): Promise<string | null>;
  showInFolder?(path: string): void;
  /** Opens a folder in the system's file manager (the log folder). */
  openFolder?(path: string): Promise<boolean>;
  /** Drags the file out of the app window (the page's dragstart asked for it). */
  startDrag?(path: string): Promise<void> | void;
}

export interface ExportServiceDeps {
  clips: Pick<ClipRepository, 'timelineEntries'>;
  projects: Pick<ProjectRepository, 'get'>;
  events: EventBus;
  store: LocalMediaStore;
  settings: TimelineSettingsRepository;
  music: BundledMusic;
  exports: ExportRepository;
  shell: ShellActions;
  compile?: typeof compileTimeline;
  encoder: () => EncoderSetting;
  /** The folder a full disk is reported for (the data folder). */
  spaceFolder: string;
  /** Where copies named after their project are made for Show in folder and dragging out (<data>/exports). */
  namedCopiesDir: string;
  /** Keeps the segmented export's pieces between exports, so a re-export encodes only what changed. */
  segmentCache?: SegmentCache;
  /** The bundled fonts for titles and captions (<resources>/fonts). */
  fontsDir?: string;
  /** The music's beats, for "Cut to the beat". */
  beats?: Pick<BeatService, 'forProject'>;
}

const PROGRESS_INTERVAL_MS = 250;

function failureMessage(error: unknown, spaceFolder: string): string {
  if (isDiskFull(error)) return `${diskFullMessage(spaceFolder)}, then export again.`;
  if (error instanceof CompileInputError || error instanceof FfmpegNotFoundError || error instanceof StudioError || error instanceof OutputKeptError) {
    return error.message;
  }
  // The runner's messages already say "FFmpeg failed (exit code 1): …" or "FFmpeg could not be started".
  if (error instanceof FfmpegRunError) return /\bFFmpeg\b/.test(error.message) ? error.message : `FFmpeg failed: ${error.message}`;
  return 'The export failed unexpectedly. Details are in the log.';
}

/** "Done", and for a segmented export how much of the video was copied rather than encoded. */
export function doneMessage(result: Pick<CompileResult, 'segments'>): string {
  const s = result.segments;
  if (!s) return 'Done';
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return `Done: ${plural(s.copied, 'clip')} copied, ${plural(s.encoded, 'piece')} encoded${s.reused ? `, ${s.reused} reused` : ''}`;
}

const fileNameOf = (projectName: string) => `${projectName.replace(/[\\/:*?"<>|]+/g, '-')}.mp4`;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

export function createExportService(deps: ExportServiceDeps) {
  const compile = deps.compile ?? compileTimeline;
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  deps.exports.failInterrupted();

  function projectNameOr(projectId: string, fallback: string): string {
    try {
      return deps.projects.get(projectId).name;
    } catch {
      return fallback;
    }
  }

  /**
   * The file the creator knows as this export: the one saved with Save As while it is still there,
   * otherwise a copy named after the project in <namedCopiesDir>/<export id>/, never the hash-named
   * store file. A clone where the file system has them (APFS: no extra space), a plain copy
   * elsewhere; never a hard link, which a tool writing into the file in place would let change the store.
   */
  async function exportedFile(exportId: string, projectId: string, mediaId: string): Promise<string> {
    const saved = deps.exports.savedPath(exportId);
    if (saved && (await isFile(saved))) return saved;
    const dir = join(deps.namedCopiesDir, exportId);
    const name = fileNameOf(projectNameOr(projectId, 'Echoes video'));
    const target = join(dir, name);
    if (await isFile(target)) return target;
    await mkdir(dir, { recursive: true });
    // a copy under the project's former name (renamed since) goes
    for (const old of await readdir(dir)) if (old !== name) await rm(join(dir, old), { force: true });
    const partial = `${target}.partial`;
    const source = deps.store.path(mediaId);
    await rm(partial, { force: true });
    await copyFile(source, partial, constants.COPYFILE_FICLONE);
    await rename(partial, target);
    return target;
  }

  function publish(exp: Export): Export {
    deps.events.emit({ type: 'export.progress', payload: exp });
    return exp;
  }

  function musicPath(projectId: string): string | null {
    const music = deps.settings.get(projectId).music;
    if (!music) return null;
    return music.choice.source === 'bundled' ? deps.music.path(music.choice.trackId) : deps.store.path(music.choice.mediaId);
  }

  async function run(exp: Export, entries: TimelineEntry[], signal: AbortSignal): Promise<void> {
    const outputPath = deps.store.tempPath('mp4');
    let lastEmit = 0;
    try {
      const settings = deps.settings.get(exp.projectId);
      const beats = settings.beatSync && deps.beats ? beatGridOf(await deps.beats.forProject(exp.projectId)) : null;
      const request = buildCompileRequest(entries, { ...settings, output: exp.settings }, musicPath(exp.projectId), outputPath, beats);
      const result = await compile(request, {
        resolveMediaPath: (id) => deps.store.path(id),
        ...(deps.segmentCache ? { segmentCache: deps.segmentCache } : {}),
        ...(deps.fontsDir ? { fontsDir: deps.fontsDir } : {}),
        signal,
        onProgress: (p: CompileProgress) => {
          const now = Date.now();
          if (now - lastEmit < PROGRESS_INTERVAL_MS && p.phase !== 'done') return;
          lastEmit = now;
          const message = p.phase === 'probing' ? 'Reading clips…' : p.phase === 'done' ? 'Finishing…' : `Encoding ${Math.floor(p.percent)}%`;
          // Called from FFmpeg's output handler: a progress row that cannot be written (a full disk) must not throw there.
          try {
            publish(deps.exports.progress(exp.id, p.percent, message, p.etaS));
          } catch (error) {
            console.error('export progress not saved', error);
          }
        },
      });
      const mediaId = await deps.store.put(result.outputPath, 'mp4', { move: true });
      publish(
        deps.exports.succeed(exp.id, {
          mediaId,
          durationS: result.durationS,
          sizeBytes: result.sizeBytes,
          width: result.width,
          height: result.height,
          message: doneMessage(result),
        }),
      );
    } catch (error) {
      await removeQuietly(outputPath);
      const expected = error instanceof CompileInputError || error instanceof OutputKeptError || error instanceof FfmpegRunError || error instanceof StudioError || isDiskFull(error);
      if (!expected && !isAbortError(error)) console.error('export failed', error);
      const [state, message] = isAbortError(error) || signal.aborted ? (['cancelled', 'Cancelled'] as const) : (['failed', failureMessage(error, deps.spaceFolder)] as const);
      try {
        publish(deps.exports.end(exp.id, state, message));
      } catch (recordError) {
        // Not even the outcome can be written (a full disk): whoever waits still hears it; the next start marks the row interrupted.
        console.error('export outcome not saved', recordError);
        publish({ ...exp, state, message, etaS: null, finishedAt: new Date().toISOString() });
      }
    } finally {
      running.delete(exp.id);
    }
  }

  return {
    list: (projectId: string) => deps.exports.list(projectId),

    start(projectId: string): Export {
      const settings = deps.settings.get(projectId);
      if (deps.exports.runningFor(projectId)) throw new StudioError('CONFLICT', 'This project is already exporting; wait for it or cancel it first.');
      const entries = deps.clips.timelineEntries(projectId);
      // Validate up front so "nothing approved" is an answer to the click, not a failed export.
      buildCompileRequest(entries, settings, null, 'check.mp4');
      const exp = publish(deps.exports.create(projectId, { ...settings.output, encoder: deps.encoder() }));
      const controller = new AbortController();
      running.set(exp.id, { controller, done: run(exp, entries, controller.signal) });
      return exp;
    },

    cancel(exportId: string): Export {
      const exp = deps.exports.get(exportId);
      running.get(exportId)?.controller.abort();
      return exp;
    },

    async saveAs(exportId: string): Promise<{ path: string } | null> {
      const exp = deps.exports.get(exportId);
      if (!exp.mediaId) throw new StudioError('CONFLICT', 'This export has no finished video to save.');
      if (!deps.shell.chooseSavePath) throw new StudioError('UNAVAILABLE', 'Save As needs the desktop app; in the browser use Download.');
      const target = await deps.shell.chooseSavePath(fileNameOf(projectNameOr(exp.projectId, 'Echoes video')));
      if (!target) return null;
      const partial = `${target}.partial`;
      try {
        await copyFileTo(deps.store.path(exp.mediaId), partial);
        await renameFile(partial, target);
      } catch (error) {
        // The video stays in the library, so nothing is lost: no half copy is left beside the target.
        await removeQuietly(partial);
        if (isDiskFull(error)) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        throw new StudioError(
          'UNAVAILABLE',
          `Could not save ${target}${code ? ` (${code})` : ''}: ${code === 'EPERM' || code === 'EBUSY' || code === 'EACCES' ? 'is it open in another program? Close it and save again.' : (error as Error).message}`,
        );
      }
      deps.exports.setSavedPath(exp.id, target);
      return { path: target };
    },

    async showInFolder(exportId: string): Promise<{ shown: boolean }> {
      const exp = deps.exports.get(exportId);
      if (!exp.mediaId || !deps.shell.showInFolder) return { shown: false };
      deps.shell.showInFolder(await exportedFile(exp.id, exp.projectId, exp.mediaId));
      return { shown: true };
    },

    async startDrag(exportId: string): Promise<{ started: boolean }> {
      const exp = deps.exports.get(exportId);
      if (!exp.mediaId || !deps.shell.startDrag) return { started: false };
      await deps.shell.startDrag(await exportedFile(exp.id, exp.projectId, exp.mediaId));
      return { started: true };
    },

    /**
     * Removes the named copies of exports that are gone or have no video any more, so they do not
     * keep a deleted project's video on disk. Run at start; never throws.
     */
    async pruneNamedCopies(): Promise<number> {
      const names = await readdir(deps.namedCopiesDir).catch(() => [] as string[]);
      let removed = 0;
      for (const name of names) {
        let keep = false;
        try {
          keep = deps.exports.get(name).mediaId !== null;
        } catch (error) {
          // Gone only when the export is unknown (or the name is no export id at all); anything
          // else (a closed database at shutdown) keeps the copy.
          const known = error instanceof StudioError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT');
          if (!known) keep = true;
        }
        if (keep) continue;
        await rm(join(deps.namedCopiesDir, name), { recursive: true, force: true }).then(
          () => removed++,
          (error: unknown) => console.error('named export copy not removed', error),
        );
      }
      return removed;
    },

    /** Whether an export is compiling now (auto-update waits for it). */
    active: () => running.size > 0,

    /** Cancels running exports and waits for them to clean up. */
    async stop(): Promise<void> {
      const all = [...running.values()];
      for (const r of all) r.controller.abort();
      await Promise.all(all.map((r) => r.done));
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
