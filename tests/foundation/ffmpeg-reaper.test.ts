// The desktop app cannot start the FFmpeg watchdog (Electron's RunAsNode fuse is off), so FFmpeg
// processes of a crashed app are killed at its next start from the records in its data folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reapLeftoverFfmpeg, setFfmpegRecordFolder, type FfmpegRecord } from '../../electron/services/ffmpeg/reaper';
import { runFfmpeg } from '../../electron/services/ffmpeg/runner';
import { createStudio } from '../../electron/services/studio';
import { FFMPEG } from '../support/ffmpeg-fixtures';
import { killAll, liveProcesses, until } from '../support/processes';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-reaper-');
const started = new Set<number>();

afterEach(() => {
  setFfmpegRecordFolder(null);
  killAll(started);
  started.clear();
});

/** A pid that belonged to a process that has exited: the crashed app. */
function deadPid(): number {
  const gone = spawnSync(process.execPath, ['-e', 'process.pid']);
  return gone.pid!;
}

/** A long FFmpeg run writing to `out`, started the way the app would have (the test owns it). */
function longFfmpeg(out: string): number {
  const child = spawn(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=5', '-t', '600', '-f', 'null', out], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  started.add(child.pid!);
  return child.pid!;
}

const alive = (pid: number) => liveProcesses(() => true).some((p) => p.pid === pid);

function record(folder: string, r: FfmpegRecord) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${r.pid}.json`), JSON.stringify(r));
}

describe.skipIf(process.platform !== 'linux')('the next-start FFmpeg reaper (reads /proc, so Linux only)', () => {
  it('records FFmpeg while it runs and forgets it when it exits', async () => {
    const folder = join(tempDir(), 'ffmpeg-running');
    setFfmpegRecordFolder(folder);
    let during: string[] = [];
    await runFfmpeg({
      ffmpegPath: FFMPEG,
      args: ['-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=10:duration=1', '-c:v', 'libx264', '-f', 'mp4'],
      outputPath: join(tempDir(), 'out.mp4'),
      onProgress: () => {
        if (during.length === 0) during = readdirSync(folder);
      },
      totalDurationS: 1,
    });
    expect(during).toHaveLength(1);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('kills what a dead session left running, and nothing that is not its FFmpeg', async () => {
    const dir = tempDir();
    const folder = join(dir, 'ffmpeg-running');
    const crashed = { owner: deadPid(), session: 'a session that crashed', startedAt: Date.now() - 60_000 };
    const orphan = longFfmpeg(join(dir, '.video.1a2b3c4d.partial.mp4'));
    const stranger = longFfmpeg(join(dir, 'someone-else.mp4'));
    const liveSession = longFfmpeg(join(dir, '.other.5e6f7a8b.partial.mp4'));
    record(folder, { ...crashed, pid: orphan, mark: join(dir, '.video.1a2b3c4d.partial.mp4') });
    // The pid of a record whose FFmpeg ended long ago now belongs to another program: its mark is not in that command line.
    record(folder, { ...crashed, pid: stranger, mark: join(dir, '.gone.00000000.partial.mp4') });
    // Another studio process on the same library, still running (this test process): its FFmpeg stays.
    record(folder, { owner: process.ppid, session: 'still running', startedAt: Date.now(), pid: liveSession, mark: join(dir, '.other.5e6f7a8b.partial.mp4') });

    const result = reapLeftoverFfmpeg(folder);
    expect(result).toEqual({ killed: [orphan], cleared: [stranger], kept: [liveSession] });
    await until(() => !alive(orphan));
    expect(alive(stranger)).toBe(true);
    expect(alive(liveSession)).toBe(true);
    expect(readdirSync(folder)).toEqual([`${liveSession}.json`]);
  });

  it('runs when a studio opens its library', async () => {
    const dataDir = tempDir();
    const folder = join(dataDir, 'ffmpeg-running');
    const out = join(dataDir, '.export.9a9a9a9a.partial.mp4');
    const orphan = longFfmpeg(out);
    record(folder, { owner: deadPid(), session: 'crashed', startedAt: Date.now() - 1000, pid: orphan, mark: out });
    const studio = createStudio({ dataDir, transport: 'cli', version: 'test' });
    try {
      await until(() => !alive(orphan));
      expect(existsSync(join(folder, `${orphan}.json`))).toBe(false);
    } finally {
      studio.close();
    }
  });
});
