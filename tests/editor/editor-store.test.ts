// The editor's zustand store against the real studio: its calls go through an in-process transport
// to the same dispatch the bridge and the IPC handler use (validation, handlers, SQLite), never to
// mocks. Every edit kind is made, undone and redone, and each step is checked in what the studio saved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EditorView } from '../../shared/contract';
import type { RawTransport } from '../../shared/contract/transport';
// Types only: the modules themselves load after window.echoes is set (see beforeAll).
import type { useEditor as UseEditor } from '../../renderer/src/stores/editor';
import type { useHistory as UseHistory } from '../../renderer/src/stores/history';
import { dispatch } from '../../electron/services/rpc/dispatch';
import type { Studio } from '../../electron/services/studio';
import { call, openStudio, projectWithClips, watchJobs } from '../generate/support/studio';
import { createRemoteTestProvider } from '../generate/support/remote-provider';


const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'echoes-store-'));
  dirs.push(dir);
  return dir;
};

let studio: Studio;
let editor: typeof UseEditor;
let history: typeof UseHistory;
let projectId: string;
let clipIds: string[];

/** What the studio has saved, read back through the contract (not the store's own copy). */
const saved = (): Promise<EditorView> => call(studio, 'editor.open', { projectId });
const order = async () => (await saved()).clips.map((c) => c.id);
const clipOf = async (clipId: string) => (await saved()).clips.find((c) => c.id === clipId);
const undo = () => history.getState().undo();
const redo = () => history.getState().redo();

/** The preload's window.echoes, in-process: JSON in and out like IPC's structured clone. */
function inProcessTransport(s: Studio): RawTransport {
  return {
    kind: 'electron',
    invoke: async (method, input) => JSON.parse(JSON.stringify(await dispatch(s.handlers, method, JSON.parse(JSON.stringify(input ?? {})), () => {}))),
    subscribe: (listener) => s.events.subscribe((event) => listener(JSON.parse(JSON.stringify(event)))),
  };
}

/** Takes from a stand-in provider that finishes at once: the store's edits are under test, not the rendering. */
async function generate(ids: string[], seed: number): Promise<void> {
  const jobs = watchJobs(studio);
  const { jobs: queued } = await call(studio, 'generate.clips', { clipIds: ids, provider: 'remote', seed });
  await jobs.until(() => queued.every((j) => jobs.finished('succeeded').has(j.id)));
  jobs.unsubscribe();
}

async function approveNewest(ids: string[]): Promise<void> {
  for (const clipId of ids) {
    const takes = await call(studio, 'takes.list', { clipId });
    await call(studio, 'takes.approve', { clipId, takeId: takes.at(-1)!.id });
  }
}

beforeAll(async () => {
  const dir = tempDir();
  const remote = createRemoteTestProvider({ file: join(dir, 'remote.db'), script: () => ({ outcome: 'succeed', runMs: 0 }), pollIntervalMs: 5 });
  studio = openStudio(dir, { providers: [remote], concurrency: { remote: 4 } });
  ({ projectId, clipIds } = await projectWithClips(studio, dir, 3));
  await generate(clipIds, 1);
  await approveNewest(clipIds);
  // The renderer's transport module picks window.echoes when it loads: set it first, then load the stores.
  (globalThis as { window?: unknown }).window = { echoes: inProcessTransport(studio), location: { hash: '' }, addEventListener: () => {} };
  ({ useEditor: editor } = await import('../../renderer/src/stores/editor'));
  ({ useHistory: history } = await import('../../renderer/src/stores/history'));
});

afterAll(async () => {
  studio?.close();
  await studio?.generation.stop();
  delete (globalThis as { window?: unknown }).window;
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  const { projectScope } = await import('../../renderer/src/stores/history');
  history.getState().clear();
  await editor.getState().open(projectId);
  history.getState().enter(projectScope(projectId));
  expect(editor.getState().status).toBe('ready');
});

describe('editor store over the real studio', () => {
  it('reorders the timeline; undo puts the old order back, redo the new one', async () => {
    const before = await order();
    const reversed = [...before].reverse();
    await editor.getState().reorderTimeline(reversed);
    expect(await order()).toEqual(reversed);
    expect(editor.getState().view!.clips.map((c) => c.id)).toEqual(reversed);
    await undo();
    expect(await order()).toEqual(before);
    expect(editor.getState().view!.clips.map((c) => c.id)).toEqual(before);
    await redo();
    expect(await order()).toEqual(reversed);
    await undo();
  });

  it('trims a clip, and undoes and redoes the trim', async () => {
    const [clipId] = clipIds as [string];
    const before = await clipOf(clipId);
    expect(before).toMatchObject({ trimInS: 0, trimOutS: null });
    await editor.getState().trim(clipId, 0.25, 1.5);
    expect(await clipOf(clipId)).toMatchObject({ trimInS: 0.25, trimOutS: 1.5 });
    await undo();
    expect(await clipOf(clipId)).toMatchObject({ trimInS: 0, trimOutS: null });
    expect(editor.getState().view!.clips.find((c) => c.id === clipId)).toMatchObject({ trimInS: 0, trimOutS: null });
    await redo();
    expect(await clipOf(clipId)).toMatchObject({ trimInS: 0.25, trimOutS: 1.5 });
  });

  it('changes the transition and the music; undo restores each in turn', async () => {
    const start = (await saved()).settings;
    const [track] = await call(studio, 'music.list', {});
    await editor.getState().updateSettings({ transition: { type: 'wipeleft', durationS: 1 } });
    await editor.getState().updateSettings({ music: { choice: { source: 'bundled', trackId: track!.id }, volume: 55, fadeInS: 1, fadeOutS: 2 } });
    expect((await saved()).settings).toMatchObject({ transition: { type: 'wipeleft', durationS: 1 }, music: { choice: { trackId: track!.id }, volume: 55 } });

    await undo();
    expect((await saved()).settings).toMatchObject({ transition: { type: 'wipeleft', durationS: 1 }, music: null });
    await undo();
    expect((await saved()).settings.transition).toEqual(start.transition);
    expect(editor.getState().view!.settings.transition).toEqual(start.transition);
    await redo();
    await redo();
    expect((await saved()).settings).toMatchObject({ transition: { type: 'wipeleft' }, music: { volume: 55 } });
  });

  it('approves another take; undo approves the one before again', async () => {
    const clipId = clipIds[1]!;
    await generate([clipId], 99);
    await editor.getState().refresh();
    const takes = (await clipOf(clipId))!.takes;
    const first = takes.find((t) => t.approved)!;
    const second = takes.find((t) => !t.approved)!;

    await editor.getState().approve(clipId, second.id);
    expect((await clipOf(clipId))!.takes.find((t) => t.approved)?.id).toBe(second.id);
    await undo();
    expect((await clipOf(clipId))!.takes.find((t) => t.approved)?.id).toBe(first.id);
    await redo();
    expect((await clipOf(clipId))!.takes.find((t) => t.approved)?.id).toBe(second.id);
  });

  it('removes a clip to the trash; undo brings it back in its place', async () => {
    const before = await order();
    const removed = before[1]!;
    await editor.getState().deleteClips([removed]);
    expect(await order()).toEqual(before.filter((id) => id !== removed));
    await undo();
    expect(await order()).toEqual(before);
    expect(editor.getState().view!.clips.map((c) => c.id)).toEqual(before);
    await redo();
    expect(await order()).not.toContain(removed);
    await undo();
  });

  it('edits a clip and the generation defaults, each undoable', async () => {
    const clipId = clipIds[0]!;
    await editor.getState().updateClip(clipId, { prompt: 'the sea at dawn', motion: 'pan_left' });
    await editor.getState().updateDefaults({ defaultMotion: 'zoom_out', aspect: '9:16' });
    expect(await clipOf(clipId)).toMatchObject({ prompt: 'the sea at dawn', motion: 'pan_left' });
    expect((await saved()).defaults).toMatchObject({ defaultMotion: 'zoom_out', aspect: '9:16' });
    await undo();
    expect((await saved()).defaults).toMatchObject({ defaultMotion: 'drift', aspect: '16:9' });
    await undo();
    expect(await clipOf(clipId)).toMatchObject({ prompt: '', motion: null });
    await redo();
    expect(await clipOf(clipId)).toMatchObject({ prompt: 'the sea at dawn', motion: 'pan_left' });
  });

  it('approves every ready take at once; one undo takes them all back off the timeline', async () => {
    const dir = tempDir();
    const fresh = await projectWithClips(studio, dir, 2);
    await generate(fresh.clipIds, 3);
    const { projectScope } = await import('../../renderer/src/stores/history');
    await editor.getState().open(fresh.projectId);
    history.getState().enter(projectScope(fresh.projectId));
    const approvedOf = async () => (await call(studio, 'editor.open', { projectId: fresh.projectId })).clips.map((c) => c.approved);

    await editor.getState().approveAllReady();
    expect(await approvedOf()).toEqual([true, true]);
    await undo();
    expect(await approvedOf()).toEqual([false, false]);
    await redo();
    expect(await approvedOf()).toEqual([true, true]);
  });

  it('a save the studio refuses is not recorded: the view keeps the saved value and undo reverts the edit before it', async () => {
    const before = (await saved()).settings.transition;
    await editor.getState().updateSettings({ transition: { type: 'dissolve', durationS: 0.75 } });
    await expect(editor.getState().updateSettings({ transition: { type: 'fade', durationS: 99 } })).rejects.toThrow(/durationS/);
    expect((await saved()).settings.transition).toEqual({ type: 'dissolve', durationS: 0.75 });
    expect(editor.getState().view!.settings.transition).toEqual({ type: 'dissolve', durationS: 0.75 });
    expect(history.getState().past.map((e) => e.label)).toEqual(['Change settings']);
    await undo();
    expect((await saved()).settings.transition).toEqual(before);
  });
});
