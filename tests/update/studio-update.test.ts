// Auto-update and reports inside the real studio: an update found while a real export compiles is
// downloaded but not offered ("Restart to update" held, update.restart refused with CONFLICT) until
// the export has finished; the channel follows Settings; the finished export's speed is recorded
// for the opt-in reports only after the creator said yes.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StudioEvent, UpdateStatus } from '../../shared/contract';
import { createStudio, type Studio } from '../../electron/services/studio';
import { approvedProject, exportFinished } from '../editor/support';
import { call } from '../generate/support/studio';
import { useTempDir } from '../support/temp-dir';

const payload = randomBytes(256 * 1024);
const sha512 = createHash('sha512').update(payload).digest('base64');
const feed = (version: string) => `version: ${version}\nfiles:\n  - url: Echoes-${version}.AppImage\n    sha512: ${sha512}\n    size: ${payload.length}\nreleaseNotes: Faster exports\n`;

describe('auto-update in the studio', () => {
  const tempDir = useTempDir('echoes-studio-update-');
  let server: Server;
  let url: string;
  const requested: string[] = [];
  let studio: Studio | null = null;
  const installs: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = req.url!.split('/').pop()!;
      requested.push(name);
      if (name === 'latest-linux.yml') return res.end(feed('9.0.0'));
      if (name === 'beta-linux.yml') return res.end(feed('9.1.0-beta.1'));
      if (name.endsWith('.AppImage')) return res.end(payload);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases`;
  });
  afterAll(() => server.close());
  afterEach(async () => {
    if (studio) {
      await studio.exports.stop();
      studio.close();
      await studio.generation.stop();
    }
    studio = null;
  });

  const open = (dataDir: string) =>
    createStudio({
      dataDir,
      transport: 'electron',
      version: '1.0.0',
      resourcesDir: join(process.cwd(), 'resources'),
      update: { feedUrl: url, platform: 'linux', install: (file) => void installs.push(file), intervalMs: 60 * 60 * 1000 },
    });

  it('holds "Restart to update" while an export runs, offers it once the export is done', async () => {
    const dataDir = tempDir();
    studio = open(dataDir);
    const statuses: UpdateStatus[] = [];
    studio.events.subscribe((e: StudioEvent) => e.type === 'update.status' && statuses.push(e.payload));
    const { projectId } = await approvedProject(studio, tempDir(), 2, 4);
    const started = await call(studio, 'exports.start', { projectId });

    const during = await call(studio, 'update.check', {});
    expect(during).toMatchObject({ enabled: true, phase: 'ready', version: '9.0.0', canRestart: false, blockedBy: 'an export is running' });
    await expect(call(studio, 'update.restart', {})).rejects.toMatchObject({ code: 'CONFLICT', message: /an export is running/ });
    expect(installs).toEqual([]);

    expect((await exportFinished(studio, started.id)).state).toBe('succeeded');
    // the end of the export pushes the status again: now it may restart
    await new Promise((r) => setImmediate(r));
    expect(statuses.at(-1)).toMatchObject({ phase: 'ready', canRestart: true, blockedBy: null });
    expect(await call(studio, 'update.restart', {})).toEqual({ restarting: true });
    expect(installs).toEqual([join(dataDir, 'updates', 'Echoes-9.0.0.AppImage')]);
  }, 120_000);

  it('follows the channel chosen in Settings, and records the export speed only after the creator said yes', async () => {
    studio = open(tempDir());
    expect((await call(studio, 'settings.get', {})).reports).toBe('ask');
    await call(studio, 'settings.update', { updateChannel: 'beta' });
    expect(await call(studio, 'update.check', {})).toMatchObject({ channel: 'beta', version: '9.1.0-beta.1' });
    expect(requested).toContain('beta-linux.yml');

    const { projectId } = await approvedProject(studio, tempDir(), 1, 2);
    const first = await call(studio, 'exports.start', { projectId });
    await exportFinished(studio, first.id);
    expect(studio.telemetry.queued()).toBe(0);

    await call(studio, 'settings.update', { reports: 'on' });
    const second = await call(studio, 'exports.start', { projectId });
    await exportFinished(studio, second.id);
    expect(studio.telemetry.queued()).toBe(1);
    expect(await call(studio, 'reports.kpi', { reports: [{ name: 'calls_per_screen', value: 3 }] })).toEqual({ recorded: 1 });
    expect(studio.telemetry.queued()).toBe(2);
  }, 120_000);

  it('is off on the bridge (no update options): the status says so and nothing is fetched', async () => {
    const before = requested.length;
    studio = createStudio({ dataDir: tempDir(), transport: 'bridge', version: '1.0.0' });
    expect(await call(studio, 'update.check', {})).toMatchObject({ enabled: false, phase: 'idle', canRestart: false });
    await expect(call(studio, 'update.restart', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(requested.length).toBe(before);
  });
});
