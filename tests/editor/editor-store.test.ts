// The editor's zustand store against the real studio: its calls go through an in-process transport
// to the same dispatch the bridge and the IPC handler use (validation, handlers, SQLite), never to
// mocks. Every edit kind is made, undone and redone, and each step is checked in what the studio saved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EditorClip, EditorView, Export, StudioEvent } from '../../shared/contract';
import type { RawTransport } from '../../shared/contract/transport';
// Types only: the modules themselves load after window.echoes is set (see beforeAll).
import type { useEditor as UseEditor } from '../../renderer/src/stores/editor';
import type { useHistory as UseHistory } from '../../renderer/src/stores/history';
import type { useToasts as UseToasts } from '../../renderer/src/stores/toasts';
import type * as Selectors from '../../renderer/src/stores/editor/selectors';
import type { Behavior } from '../generate/support/remote-provider';
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
let toasts: typeof UseToasts;
let selectors: typeof Selectors;
/** What the stand-in provider does with the next job: finish at once unless a test holds it. */
let behavior: Behavior = { outcome: 'succeed', runMs: 0 };

/** What the studio has saved, read back through the contract (not the store's own copy). */
const saved = (): Promise<EditorView> => call(studio, 'editor.open', { projectId });
const order = async () => (await saved()).clips.map((c) => c.id);
const clipOf = async (clipId: string) => (await saved()).clips.find((c) => c.id === clipId);
const undo = () => history.getState().undo();
const redo = () => history.getState().redo();

/** The clips' framings in the view at each generate.remake call. */
const shownAtRemake: Array<Record<string, unknown>> = [];
/** Every call the store made through the contract, in order (cleared before each test). */
const invoked: Array<{ method: string; input: unknown }> = [];
/** The calls made since `from`, without the view reloads (editor.open) between them. */
const edits = (from = 0) => invoked.slice(from).filter((c) => c.method !== 'editor.open');

/** The preload's window.echoes, in-process: JSON in and out like IPC's structured clone. */
function inProcessTransport(s: Studio): RawTransport {
  return {
    kind: 'electron',
    invoke: async (method, input) => {
      invoked.push({ method, input: JSON.parse(JSON.stringify(input ?? {})) });
      // What the editor shows when it asks for the remake: the saved framings, before any reload.
      if (method === 'generate.remake') shownAtRemake.push(Object.fromEntries((editor?.getState().view?.clips ?? []).map((c) => [c.id, c.framing])));
      return JSON.parse(JSON.stringify(await dispatch(s.handlers, method, JSON.parse(JSON.stringify(input ?? {})), () => {})));
    },
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
  const remote = createRemoteTestProvider({ file: join(dir, 'remote.db'), script: () => behavior, pollIntervalMs: 5 });
  studio = openStudio(dir, { providers: [remote], concurrency: { remote: 4 } });
  ({ projectId, clipIds } = await projectWithClips(studio, dir, 3));
  await generate(clipIds, 1);
  await approveNewest(clipIds);
  // The renderer's transport module picks window.echoes when it loads: set it first, then load the stores.
  (globalThis as { window?: unknown }).window = { echoes: inProcessTransport(studio), location: { hash: '' }, addEventListener: () => {} };
  ({ useEditor: editor } = await import('../../renderer/src/stores/editor'));
  ({ useHistory: history } = await import('../../renderer/src/stores/history'));
  ({ useToasts: toasts } = await import('../../renderer/src/stores/toasts'));
  selectors = await import('../../renderer/src/stores/editor/selectors');
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
  toasts.setState({ toasts: [] });
  behavior = { outcome: 'succeed', runMs: 0 };
  await editor.getState().open(projectId);
  history.getState().enter(projectScope(projectId));
  expect(editor.getState().status).toBe('ready');
  invoked.length = 0;
  shownAtRemake.length = 0;
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

  it("sets one boundary's transition; undo and redo restore it; a transition it does not know is refused", async () => {
    const [a, b] = clipIds as [string, string];
    expect(await clipOf(a)).toMatchObject({ transitionOut: null });
    await editor.getState().setBoundaryTransition(a, { type: 'slideleft', durationS: 0.75 });
    expect(await clipOf(a)).toMatchObject({ transitionOut: { type: 'slideleft', durationS: 0.75 } });
    expect(await clipOf(b)).toMatchObject({ transitionOut: null });
    expect(viewClip(a).transitionOut).toEqual({ type: 'slideleft', durationS: 0.75 });
    await editor.getState().setBoundaryTransition(a, { type: 'cut', durationS: 0.5 });
    expect(labels().slice(-2)).toEqual(['Change transition', 'Change transition']);
    await undo();
    expect(await clipOf(a)).toMatchObject({ transitionOut: { type: 'slideleft', durationS: 0.75 } });
    await undo();
    expect(await clipOf(a)).toMatchObject({ transitionOut: null });
    expect(viewClip(a).transitionOut).toBeNull();
    await redo();
    expect(viewClip(a).transitionOut).toEqual({ type: 'slideleft', durationS: 0.75 });
    await expect(call(studio, 'clips.setTransition', { clipId: a, transition: { type: 'spin', durationS: 1 } } as never)).rejects.toThrow(/transition/);
    await call(studio, 'clips.setTransition', { clipId: a, transition: null });
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

  it('sets a caption, a title and an end card; each is one undo step, saved cleaned', async () => {
    const [first] = clipIds;
    await editor.getState().setCaption(first!, '  Day one:\tthe "lake"\u0000 \n at dawn  ');
    expect((await clipOf(first!))!.caption).toBe('Day one: the "lake" at dawn');
    expect(editor.getState().view!.clips.find((c) => c.id === first)!.caption).toBe('Day one: the "lake" at dawn');
    const look = { style: 'big-bold', size: 'large', color: '#ffcc00', position: null } as const;
    const title = { text: 'A'.repeat(10_000), look, background: 'color', color: '#102030', durationS: 2 } as const;
    await editor.getState().updateSettings({ text: { ...editor.getState().view!.settings.text, title } });
    const savedTitle = (await saved()).settings.text.title!;
    expect(Array.from(savedTitle.text)).toHaveLength(120);
    expect(savedTitle).toMatchObject({ look, background: 'color', color: '#102030', durationS: 2 });
    await editor.getState().updateSettings({ beatSync: true });
    expect((await saved()).settings.beatSync).toBe(true);

    await undo();
    expect((await saved()).settings.beatSync).toBe(false);
    await undo();
    expect((await saved()).settings.text.title).toBeNull();
    await undo();
    expect((await clipOf(first!))!.caption).toBeNull();
    await redo();
    expect((await clipOf(first!))!.caption).toBe('Day one: the "lake" at dawn');
    // Only control characters: no caption.
    await editor.getState().setCaption(first!, '\u0001\u0002');
    expect((await clipOf(first!))!.caption).toBeNull();
  });

  it('refuses text that does not fit the contract, with a message naming it', async () => {
    const bad = [
      { text: { title: null, endCard: null, captionLook: { style: 'comic-sans', size: 'medium', color: '#ffffff', position: null } } },
      { text: { title: { text: 'x', look: { style: 'centred' }, durationS: 60 }, endCard: null, captionLook: { style: 'centred' } } },
      { text: { title: { text: 'x', look: { style: 'centred', color: 'red' } }, endCard: null, captionLook: { style: 'centred' } } },
      { beatSync: 'yes' },
    ];
    for (const patch of bad) await expect(call(studio, 'timeline.update', { projectId, ...(patch as object) } as never)).rejects.toThrow(/INVALID_INPUT|Invalid|must|colour|Too big|expected/i);
    await expect(call(studio, 'clips.setCaption', { clipId: clipIds[0]!, caption: 'x'.repeat(20_001) })).rejects.toThrow(/20000 characters/);
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

describe('editor store: framing and the project shape', () => {
  const BLUR = { fit: 'blur', color: '#000000', box: null } as const;
  const PAD = { fit: 'pad', color: '#112233', box: null } as const;
  const BOXED = { fit: 'crop', color: '#000000', box: { cx: 0.3, cy: 0.6, zoom: 2 } } as const;
  const framingOf = async (clipId: string) => (await clipOf(clipId))!.framing;
  const reset = async () => {
    for (const clipId of clipIds) await call(studio, 'clips.setFraming', { clipId, framing: null });
    await editor.getState().refresh();
    history.getState().clear();
    invoked.length = 0;
  };

  it('sets the framing of several clips as one step: saved, shown, remade, undone and redone', async () => {
    await reset();
    const [a, b, c] = clipIds as [string, string, string];
    await call(studio, 'clips.setFraming', { clipId: b, framing: PAD });
    await call(studio, 'clips.setFraming', { clipId: c, framing: BOXED });
    await editor.getState().refresh();
    invoked.length = 0;

    await editor.getState().setFraming([a, b], BLUR);
    expect(await framingOf(a)).toEqual(BLUR);
    expect(await framingOf(b)).toEqual(BLUR);
    // A clip left out keeps its own framing, in the studio and in the view.
    expect(await framingOf(c)).toEqual(BOXED);
    expect([viewClip(a).framing, viewClip(b).framing, viewClip(c).framing]).toEqual([BLUR, BLUR, BOXED]);
    expect(labels()).toEqual(['Change framing']);
    // Both saved, then the takes made with another framing are remade (one call for both), then the view is reloaded.
    expect(edits()).toEqual([
      { method: 'clips.setFraming', input: { clipId: a, framing: BLUR } },
      { method: 'clips.setFraming', input: { clipId: b, framing: BLUR } },
      { method: 'generate.remake', input: { clipIds: [a, b] } },
    ]);
    expect(invoked.at(-1)).toEqual({ method: 'editor.open', input: { projectId } });
    // The view showed the saved framings at once, before the remake and the reload: the clip left out unchanged.
    expect(shownAtRemake).toEqual([{ [a]: BLUR, [b]: BLUR, [c]: BOXED }]);
    // The paid stand-in's takes are not remade for a framing: the export fits them.
    expect(await call(studio, 'jobs.list', { projectId, activeOnly: true })).toEqual([]);

    const mark = invoked.length;
    await undo();
    // Each clip gets back its own framing from before: none for a, the pad for b.
    expect(await framingOf(a)).toBeNull();
    expect(await framingOf(b)).toEqual(PAD);
    expect(await framingOf(c)).toEqual(BOXED);
    expect([viewClip(a).framing, viewClip(b).framing, viewClip(c).framing]).toEqual([null, PAD, BOXED]);
    expect(shownAtRemake.at(-1)).toEqual({ [a]: null, [b]: PAD, [c]: BOXED });
    expect(edits(mark)).toEqual([
      { method: 'clips.setFraming', input: { clipId: a, framing: null } },
      { method: 'clips.setFraming', input: { clipId: b, framing: PAD } },
      { method: 'generate.remake', input: { clipIds: [a, b] } },
    ]);

    await redo();
    expect([await framingOf(a), await framingOf(b), await framingOf(c)]).toEqual([BLUR, BLUR, BOXED]);
    expect([viewClip(a).framing, viewClip(b).framing]).toEqual([BLUR, BLUR]);
    await reset();
  });

  it('names a crop box "Reframe" and going back to the project\'s framing "Change framing"; null clears the view too', async () => {
    await reset();
    const [a] = clipIds as [string];
    await editor.getState().setFraming([a], BOXED);
    expect(viewClip(a).framing).toEqual(BOXED);
    await editor.getState().setFraming([a], null);
    expect(await framingOf(a)).toBeNull();
    expect(viewClip(a).framing).toBeNull();
    expect(labels()).toEqual(['Reframe', 'Change framing']);
    expect(edits().filter((c) => c.method === 'clips.setFraming').map((c) => c.input)).toEqual([
      { clipId: a, framing: BOXED },
      { clipId: a, framing: null },
    ]);
    await undo();
    expect(await framingOf(a)).toEqual(BOXED);
    expect(viewClip(a).framing).toEqual(BOXED);
    await undo();
    expect(await framingOf(a)).toBeNull();
    expect(viewClip(a).framing).toBeNull();
    await reset();
  });

  it("finds the music's beats once for the view; other music clears them and finds its own; no music, no search", async () => {
    const [first, second] = await call(studio, 'music.list', {});
    const music = (trackId: string) => ({ choice: { source: 'bundled' as const, trackId }, volume: 60, fadeInS: 0, fadeOutS: 0 });
    await call(studio, 'timeline.update', { projectId, music: null });
    await editor.getState().refresh();
    invoked.length = 0;
    await editor.getState().findBeats();
    expect(invoked).toEqual([]);

    const searching: boolean[] = [];
    const off = editor.subscribe((state) => searching.push(state.findingBeats));
    await editor.getState().updateSettings({ music: music(first!.id) });
    off();
    expect(searching).toContain(true);
    expect(editor.getState().findingBeats).toBe(false);
    const beats = editor.getState().view!.beats;
    expect(beats).toEqual(await call(studio, 'music.beats', { projectId }));
    expect(beats!.beats.length).toBeGreaterThan(0);
    expect(edits().map((c) => c.method)).toEqual(['timeline.update', 'music.beats']);

    // Known already: no second search; another setting keeps them.
    invoked.length = 0;
    await editor.getState().findBeats();
    await editor.getState().updateSettings({ beatSync: true });
    expect(edits().map((c) => c.method)).toEqual(['timeline.update']);
    expect(editor.getState().view!.beats).toEqual(beats);

    // Other music: its own beats; undo brings the first track's back.
    await editor.getState().updateSettings({ music: music(second!.id) });
    const other = editor.getState().view!.beats;
    expect(other).toEqual(await call(studio, 'music.beats', { projectId }));
    expect(other).not.toEqual(beats);
    await undo();
    expect(editor.getState().view!.beats).toEqual(beats);
    await call(studio, 'timeline.update', { projectId, music: null, beatSync: false });
    await editor.getState().refresh();
  });

  it('a search for beats that fails says why, and the search ends', async () => {
    const [track] = await call(studio, 'music.list', {});
    await call(studio, 'timeline.update', { projectId, music: { choice: { source: 'bundled', trackId: track!.id }, volume: 60, fadeInS: 0, fadeOutS: 0 } });
    await editor.getState().refresh();
    // A view of a project the studio does not know (gone meanwhile): the search is refused.
    const view = editor.getState().view!;
    editor.setState({ view: { ...view, beats: null, project: { ...view.project, id: '00000000-0000-4000-8000-000000000000' } } });
    await editor.getState().findBeats();
    expect(editor.getState().findingBeats).toBe(false);
    expect(editor.getState().view!.beats).toBeNull();
    expect(toastList()).toEqual([expect.objectContaining({ kind: 'error' })]);
    await call(studio, 'timeline.update', { projectId, music: null });
    await editor.getState().open(projectId);
  });

  it('a framing the contract refuses changes nothing saved or shown', async () => {
    await reset();
    const [a] = clipIds as [string];
    await expect(editor.getState().setFraming([a], { fit: 'pad', color: 'red', box: null })).rejects.toThrow(/#rrggbb/);
    expect(await framingOf(a)).toBeNull();
    expect(viewClip(a).framing).toBeNull();
    expect(edits().map((c) => c.method)).toEqual(['clips.setFraming']);
    // Refused: the edit recorded while it was saving is taken off the history again.
    expect(labels()).toEqual([]);
    await expect(editor.getState().setFraming([a], { fit: 'crop', color: '#000000', box: { cx: 0.5, cy: 0.5, zoom: 9 } })).rejects.toThrow(/zoom/);
    expect(await framingOf(a)).toBeNull();
    await reset();
  });

  it('an edit recorded while saving stays on the undo list when the save fails other than as refused input', async () => {
    await reset();
    const gone = '00000000-0000-4000-8000-000000000000';
    await expect(editor.getState().deleteClips([gone])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(labels()).toEqual(['Remove clip']);
    history.getState().clear();
  });

  it('setting a framing needs an open project', async () => {
    const { view, projectId: open } = editor.getState();
    editor.setState({ view: null });
    await expect(editor.getState().setFraming([clipIds[0]!], BLUR)).rejects.toThrow(/No project is open/);
    expect(invoked).toEqual([]);
    editor.setState({ view, projectId: open });
  });

  it('remakes the takes made for another shape for the project\'s shape, and nothing when given no clips', async () => {
    await reset();
    await editor.getState().remakeForShape([]);
    expect(invoked).toEqual([]);

    const [a, b] = clipIds as [string, string];
    const start = (await saved()).defaults;
    await call(studio, 'generate.setDefaults', { projectId, defaultMotion: start.defaultMotion, aspect: '9:16' });
    await editor.getState().refresh();
    const shape = editor.getState().view!.defaults.aspect;
    expect(shape).toBe('9:16');
    const made = viewClip(a).takes.find((t) => t.approved)!;
    expect(selectors.takeOfOtherShape(viewClip(a), shape)).toEqual(made);
    expect(selectors.takeOfOtherShape(viewClip(a), made.aspect)).toBeNull();
    invoked.length = 0;

    const jobs = watchJobs(studio);
    await editor.getState().remakeForShape([a]);
    expect(edits()).toEqual([{ method: 'generate.remake', input: { clipIds: [a] } }]);
    expect(invoked.at(-1)?.method).toBe('editor.open');
    // The view shows the remake's job at once (the refresh after the call).
    expect(viewClip(a).job).toMatchObject({ provider: 'remote' });
    expect(viewClip(b).job?.state).not.toBe('queued');
    const { jobs: active } = { jobs: await call(studio, 'jobs.list', { projectId, activeOnly: true }) };
    await jobs.until(() => active.every((j) => jobs.finished('succeeded').has(j.id)));
    jobs.unsubscribe();
    await editor.getState().refresh();
    // The new take, made for 9:16, replaced the approved one; b was not asked for and keeps its 16:9 take.
    const approved = viewClip(a).takes.find((t) => t.approved)!;
    expect(approved.id).not.toBe(made.id);
    expect(approved.aspect).toBe('9:16');
    expect(selectors.takeOfOtherShape(viewClip(a), shape)).toBeNull();
    expect(selectors.takeOfOtherShape(viewClip(b), shape)?.aspect).toBe('16:9');
    // Remaking is not an edit: nothing to undo.
    expect(labels()).toEqual([]);

    // Back to 16:9: a's first take is approved again for it, and the remade one is left.
    await call(studio, 'generate.setDefaults', { projectId, defaultMotion: start.defaultMotion, aspect: start.aspect });
    await call(studio, 'takes.approve', { clipId: a, takeId: made.id });
    await editor.getState().refresh();
  });

  it('a clip without an approved take has no take of another shape', () => {
    const clip = { ...viewClip(clipIds[0]!), takes: [] };
    expect(selectors.takeOfOtherShape(clip, '9:16')).toBeNull();
    const unapproved = { ...viewClip(clipIds[0]!), takes: viewClip(clipIds[0]!).takes.map((t) => ({ ...t, approved: false })) };
    expect(selectors.takeOfOtherShape(unapproved, '9:16')).toBeNull();
  });
});

const labels = () => history.getState().past.map((e) => e.label);
const viewClip = (clipId: string) => editor.getState().view!.clips.find((c) => c.id === clipId)!;
const toastList = () => toasts.getState().toasts.map((t) => ({ kind: t.kind, message: t.message, actions: (t.actions ?? []).map((a) => a.label) }));

/** Polls until `probe` gives a value; gives up after a few seconds (a broken store fails fast instead of hanging). */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('gave up waiting');
}

/** Collects the studio's export events from now on. */
function exportEvents() {
  const seen: Export[] = [];
  const off = studio.events.subscribe((event: StudioEvent) => {
    if (event.type === 'export.progress') seen.push(JSON.parse(JSON.stringify(event.payload)) as Export);
  });
  const finished = async (exportId: string) => {
    return waitFor(() => seen.find((e) => e.id === exportId && e.state !== 'running'));
  };
  return { off, finished };
}

describe('editor store: edits show in the view and carry their names', () => {
  it('shows clip edits and trims in the view, named in the history', async () => {
    const [a, b] = clipIds as [string, string];
    await call(studio, 'clips.update', { clipId: a, prompt: 'a before' });
    await call(studio, 'clips.update', { clipId: b, prompt: 'b before' });
    await call(studio, 'clips.trim', { clipId: a, inS: 0, outS: null });
    await call(studio, 'clips.trim', { clipId: b, inS: 0, outS: null });
    await editor.getState().refresh();
    await editor.getState().updateClip(b, { prompt: 'only b' });
    expect(viewClip(b).prompt).toBe('only b');
    expect(viewClip(a).prompt).toBe('a before');
    await editor.getState().trim(a, 0.25, 1.5);
    await editor.getState().trim(b, 0.5, null);
    expect(viewClip(a)).toMatchObject({ trimInS: 0.25, trimOutS: 1.5 });
    expect(viewClip(b)).toMatchObject({ trimInS: 0.5, trimOutS: null });
    expect(labels()).toEqual(['Edit clip', 'Trim', 'Trim']);
    await undo();
    expect(await clipOf(b)).toMatchObject({ trimInS: 0, trimOutS: null });
    expect(await clipOf(a)).toMatchObject({ trimInS: 0.25, trimOutS: 1.5 });
    expect(viewClip(b)).toMatchObject({ trimInS: 0, trimOutS: null });
    expect(viewClip(a)).toMatchObject({ trimInS: 0.25, trimOutS: 1.5 });
    await undo();
    expect(viewClip(a)).toMatchObject({ trimInS: 0, trimOutS: null });
    await undo();
    expect(await clipOf(b)).toMatchObject({ prompt: 'b before' });
    expect(await clipOf(a)).toMatchObject({ prompt: 'a before' });
    expect(viewClip(b).prompt).toBe('b before');
    expect(viewClip(a).prompt).toBe('a before');
  });

  it('undoing a clip edit restores only what it changed', async () => {
    const clipId = clipIds[0]!;
    const before = (await clipOf(clipId))!;
    await editor.getState().updateClip(clipId, { durationS: before.durationS + 1 });
    expect(viewClip(clipId).durationS).toBe(before.durationS + 1);
    // Changed elsewhere, outside this edit.
    await call(studio, 'clips.update', { clipId, prompt: 'changed elsewhere', motion: 'zoom_in' });
    await undo();
    expect(await clipOf(clipId)).toMatchObject({ durationS: before.durationS, prompt: 'changed elsewhere', motion: 'zoom_in' });
    await editor.getState().updateClip(clipId, { motion: 'pan_right' });
    await call(studio, 'clips.update', { clipId, durationS: before.durationS + 2, prompt: 'again elsewhere' });
    await undo();
    expect(await clipOf(clipId)).toMatchObject({ motion: 'zoom_in', durationS: before.durationS + 2, prompt: 'again elsewhere' });
    await editor.getState().updateClip(clipId, { prompt: 'mine' });
    await call(studio, 'clips.update', { clipId, motion: 'drift', durationS: before.durationS });
    await undo();
    expect(await clipOf(clipId)).toMatchObject({ prompt: 'again elsewhere', motion: 'drift', durationS: before.durationS });
    await call(studio, 'clips.update', { clipId, prompt: '', motion: null });
  });

  it('removes one or several clips from the view at once, named by how many', async () => {
    const before = await order();
    const pending = editor.getState().deleteClips([before[0]!]);
    expect(editor.getState().view!.clips.map((c) => c.id)).toEqual(before.slice(1));
    await pending;
    expect(labels()).toEqual(['Remove clip']);
    await undo();
    const both = editor.getState().deleteClips([before[0]!, before[2]!]);
    expect(editor.getState().view!.clips.map((c) => c.id)).toEqual([before[1]]);
    await both;
    expect(labels()).toEqual(['Remove 2 clips']);
    await undo();
    expect(await order()).toEqual(before);
  });

  it('shows a new order at once, before the studio answers', async () => {
    const before = await order();
    const reversed = [...before].reverse();
    const pending = editor.getState().reorderTimeline(reversed);
    expect(editor.getState().view!.clips.map((c) => c.id)).toEqual(reversed);
    await pending;
    expect(labels()).toEqual(['Reorder']);
    await undo();
  });

  it('undoing a settings change restores only what it changed', async () => {
    const start = (await saved()).settings;
    await editor.getState().updateSettings({ transition: { type: 'wipeleft', durationS: 1 } });
    await call(studio, 'timeline.update', { projectId, music: { choice: { source: 'bundled', trackId: 'drift' }, volume: 40, fadeInS: 0, fadeOutS: 0 }, output: { quality: 'draft' } });
    await undo();
    const after = (await saved()).settings;
    expect(after.transition).toEqual(start.transition);
    expect(after.music).toMatchObject({ volume: 40 });
    expect(after.output.quality).toBe('draft');

    await editor.getState().updateSettings({ output: { quality: 'high' } });
    expect(editor.getState().view!.settings.output.quality).toBe('high');
    await call(studio, 'timeline.update', { projectId, transition: { type: 'dissolve', durationS: 0.5 } });
    await undo();
    expect((await saved()).settings).toMatchObject({ output: { quality: 'draft' }, transition: { type: 'dissolve', durationS: 0.5 }, music: { volume: 40 } });
    await call(studio, 'timeline.update', { projectId, transition: start.transition, music: start.music, output: start.output });
  });

  it('a settings answer for a project left meanwhile does not land in the one now open', async () => {
    const other = await projectWithClips(studio, tempDir(), 1);
    const otherSettings = (await call(studio, 'editor.open', { projectId: other.projectId })).settings;
    const pending = editor.getState().updateSettings({ transition: { type: 'wipeleft', durationS: 1.5 } });
    const opening = editor.getState().open(other.projectId);
    await pending;
    await opening;
    expect(editor.getState().view!.project.id).toBe(other.projectId);
    expect(editor.getState().view!.settings).toEqual(otherSettings);
    expect((await saved()).settings.transition).toEqual({ type: 'wipeleft', durationS: 1.5 });
    await editor.getState().open(projectId);
    await call(studio, 'timeline.update', { projectId, transition: { type: 'fade', durationS: 0.5 } });
  });

  it('refuses edits when no project is open, or its view is not loaded', async () => {
    editor.setState({ view: null });
    await expect(editor.getState().startExport()).rejects.toThrow('No project is open');
    await expect(editor.getState().updateSettings({ output: { quality: 'draft' } })).rejects.toThrow('No project is open');
    await editor.getState().open(projectId);
    editor.setState({ projectId: null });
    await expect(editor.getState().deleteClips([clipIds[0]!])).rejects.toThrow('No project is open');
    expect(await order()).toContain(clipIds[0]);
    await editor.getState().open(projectId);
  });
});

describe('editor store: approvals and generation defaults', () => {
  it('shows an approval in the view once saved; approving the approved take again records nothing', async () => {
    const clipId = clipIds[2]!;
    await generate([clipId], 123);
    await editor.getState().refresh();
    const takes = viewClip(clipId).takes;
    const approved = takes.find((t) => t.approved)!;
    await editor.getState().approve(clipId, approved.id);
    expect(labels()).toEqual([]);
    const other = takes.find((t) => !t.approved)!;
    await editor.getState().approve(clipId, other.id);
    expect(labels()).toEqual(['Approve take']);
    expect(viewClip(clipId).approved).toBe(true);
    expect(viewClip(clipId).takes.map((t) => t.approved)).toEqual(takes.map((t) => t.id === other.id));
    expect(viewClip(clipIds[0]!).approved).toBe(true);
    await undo();
    expect(viewClip(clipId).takes.map((t) => t.approved)).toEqual(takes.map((t) => t.id === approved.id));
  });

  it('approve all with nothing waiting records nothing; one waiting is named singly', async () => {
    await editor.getState().approveAllReady();
    expect(labels()).toEqual([]);
    const fresh = await projectWithClips(studio, tempDir(), 2);
    await generate([fresh.clipIds[0]!], 5);
    const { projectScope } = await import('../../renderer/src/stores/history');
    await editor.getState().open(fresh.projectId);
    history.getState().enter(projectScope(fresh.projectId));
    await editor.getState().approveAllReady();
    expect(labels()).toEqual(['Approve take']);
    expect(editor.getState().view!.clips.map((c) => c.approved)).toEqual([true, false]);
  });

  it('approve all names how many it approved', async () => {
    const fresh = await projectWithClips(studio, tempDir(), 2);
    await generate(fresh.clipIds, 6);
    const { projectScope } = await import('../../renderer/src/stores/history');
    await editor.getState().open(fresh.projectId);
    history.getState().enter(projectScope(fresh.projectId));
    await editor.getState().approveAllReady();
    expect(labels()).toEqual(['Approve 2 takes']);
  });

  it('changing the defaults to what they are records nothing; a change is undone and redone', async () => {
    const start = (await saved()).defaults;
    await editor.getState().updateDefaults({ defaultMotion: start.defaultMotion });
    await editor.getState().updateDefaults({ aspect: start.aspect });
    expect(labels()).toEqual([]);
    await editor.getState().updateDefaults({ aspect: '1:1' });
    expect(labels()).toEqual(['Change generation defaults']);
    expect(editor.getState().view!.defaults.aspect).toBe('1:1');
    await editor.getState().updateDefaults({ defaultMotion: 'pan_left' });
    await undo();
    await undo();
    expect((await saved()).defaults).toMatchObject({ defaultMotion: start.defaultMotion, aspect: start.aspect });
    await redo();
    expect((await saved()).defaults).toMatchObject({ aspect: '1:1', defaultMotion: start.defaultMotion });
    await redo();
    expect((await saved()).defaults).toMatchObject({ aspect: '1:1', defaultMotion: 'pan_left' });
    await call(studio, 'generate.setDefaults', { projectId, defaultMotion: start.defaultMotion, aspect: start.aspect });
  });
});

describe('editor store: generating and following jobs', () => {
  it('generates with the chosen provider and keeps the clips in the batch while they run', async () => {
    const clipId = clipIds[1]!;
    behavior = { outcome: 'hang' };
    editor.getState().setProvider('remote');
    expect(editor.getState().provider).toBe('remote');
    const countBefore = (await clipOf(clipId))!.takes.length;
    await editor.getState().generate([clipId]);
    expect(editor.getState().generationBatch).toEqual([clipId]);
    const running = viewClip(clipId);
    expect(running.job?.provider ?? 'remote').toBe('remote');
    expect(selectors.isActiveJob(running)).toBe(true);
    expect(toastList()).toEqual([]);

    // Cancelling one job by its id.
    await editor.getState().cancelJob(running.job!.id);
    expect((await clipOf(clipId))!.job?.state).toBe('cancelled');
    expect(viewClip(clipId).job?.state).toBe('cancelled');
    expect((await clipOf(clipId))!.takes.length).toBe(countBefore);
  });

  it('cancels every running job of the project at once', async () => {
    behavior = { outcome: 'hang' };
    await call(studio, 'generate.clips', { clipIds: [clipIds[0]!, clipIds[2]!], provider: 'remote', seed: 11 });
    await editor.getState().refresh();
    expect(editor.getState().view!.clips.filter(selectors.isActiveJob).map((c) => c.id).sort()).toEqual([clipIds[0], clipIds[2]].sort());
    await editor.getState().cancelGeneration();
    const after = await saved();
    expect(after.clips.filter((c) => clipIds.includes(c.id) && c.id !== clipIds[1]).map((c) => c.job?.state)).toEqual(['cancelled', 'cancelled']);
    expect(editor.getState().view!.clips.some(selectors.isActiveJob)).toBe(false);
    expect(toastList()).toEqual([]);
  });

  it('generating nothing calls nothing; a refused generation says why', async () => {
    await editor.getState().generate([]);
    expect(toastList()).toEqual([]);
    await editor.getState().cancelJob('00000000-0000-4000-8000-000000000000');
    expect(toastList()).toHaveLength(1);
    expect(toastList()[0]!.kind).toBe('error');
    expect(toastList()[0]!.message).not.toMatch(/jobId/);
    toasts.setState({ toasts: [] });
    await editor.getState().generate(['00000000-0000-4000-8000-000000000000']);
    expect(toastList()).toHaveLength(1);
    expect(toastList()[0]!.message).not.toMatch(/clipIds|provider/i);
    expect(editor.getState().generationBatch).toEqual([]);
  });

  it('a job the view does not show yet brings a refresh instead of a patch', async () => {
    const clipId = clipIds[2]!;
    const shown = viewClip(clipId).job;
    behavior = { outcome: 'hang' };
    const { jobs: [queued] } = await call(studio, 'generate.clips', { clipIds: [clipId], provider: 'remote', seed: 21 });
    const studioJob = (await clipOf(clipId))!.job!;
    expect(studioJob.id).toBe(queued!.id);
    const { id: jobId, ...fields } = studioJob;
    editor.getState().applyEvent({ type: 'job.updated', payload: { ...fields, jobId } } as StudioEvent);
    expect(viewClip(clipId).job).toEqual(shown);
    await waitFor(() => (viewClip(clipId).job?.id === jobId ? true : undefined));
    expect(['queued', 'running']).toContain(viewClip(clipId).job!.state);
    await call(studio, 'jobs.cancel', { jobId });
  });

  it('a job that succeeded brings its new take with a refresh', async () => {
    const clipId = clipIds[0]!;
    const jobs = watchJobs(studio);
    const { jobs: [queued] } = await call(studio, 'generate.clips', { clipIds: [clipId], provider: 'remote', seed: 22 });
    await jobs.until(() => jobs.finished('succeeded').has(queued!.id));
    jobs.unsubscribe();
    const done = (await clipOf(clipId))!;
    // The view as it was while the job ran: the job shown running, its take not there yet.
    const view = editor.getState().view!;
    const newTake = done.takes.find((t) => t.jobId === queued!.id)!;
    editor.setState({
      view: { ...view, clips: view.clips.map((c) => (c.id === clipId ? { ...c, job: { ...done.job!, state: 'running', progress: 50 }, takes: c.takes.filter((t) => t.id !== newTake.id) } : c)) },
    });
    const { id: jobId, ...fields } = done.job!;
    editor.getState().applyJob({ ...fields, jobId });
    expect(viewClip(clipId).job).toMatchObject({ id: jobId, state: 'succeeded' });
    expect(viewClip(clipId).takes.some((t) => t.id === newTake.id)).toBe(false);
    await waitFor(() => (viewClip(clipId).takes.some((t) => t.id === newTake.id) ? true : undefined));
  });

  it('patches a job update of the job it shows, and ignores another project', () => {
    const view = editor.getState().view!;
    const clip = view.clips.find((c) => c.job)!;
    const job = clip.job!;
    const { id: jobId, ...fields } = job;
    editor.getState().applyJob({ ...fields, jobId, state: 'running', progress: 42 } as never);
    expect(viewClip(clip.id).job).toMatchObject({ id: jobId, state: 'running', progress: 42 });
    expect(view.clips.filter((c) => c.id !== clip.id).map((c) => c.job)).toEqual(
      editor.getState().view!.clips.filter((c) => c.id !== clip.id).map((c) => c.job),
    );
    editor.getState().applyJob({ ...fields, jobId, projectId: '00000000-0000-4000-8000-000000000000', state: 'failed', progress: 7 } as never);
    expect(viewClip(clip.id).job).toMatchObject({ state: 'running', progress: 42 });
  });
});

describe('editor store: exporting', () => {
  it('starts an export, toasts its failure with the fixes, and never brings a finished export back', async () => {
    const events = exportEvents();
    editor.getState().setInspectorTab('transition');
    await editor.getState().startExport();
    expect(editor.getState().inspectorTab).toBe('export');
    const started = editor.getState().view!.exports[0]!;
    expect(started).toMatchObject({ projectId, state: 'running' });
    const failed = await events.finished(started.id);
    events.off();
    expect(failed.state).toBe('failed');
    editor.getState().applyExport(failed);
    expect(editor.getState().view!.exports[0]).toMatchObject({ id: started.id, state: 'failed' });
    const [toast] = toastList();
    expect(toast).toMatchObject({ kind: 'error' });
    // The stand-in takes are not videos: FFmpeg names the first clip, which the toast calls by its file's name.
    const [, number, named] = /^Clip (\d+) \(([^)]+)\)/.exec(failed.message)!;
    const name = editor.getState().view!.clips.find((c) => c.id === named)!.sourceName;
    expect(toast!.message).toBe(`Export failed: Clip ${number} (${name}) cannot be read: Invalid data found when processing input`);
    expect(toast!.actions).toEqual([`Regenerate clip ${number}`, `Remove clip ${number}`]);
    expect(toastList()).toHaveLength(1);

    // The start's late answer (still running) does not revive it, and no second toast comes.
    editor.getState().applyExport(started);
    expect(editor.getState().view!.exports.filter((e) => e.id === started.id)).toEqual([failed]);
    expect(toastList()).toHaveLength(1);
  });

  it('toasts a finished video with a button that shows it; an export first seen finished toasts nothing', () => {
    const base: Export = {
      id: '00000000-0000-4000-8000-00000000e001', projectId, state: 'running', progress: 10, etaS: null, message: '',
      settings: editor.getState().view!.settings.output, mediaId: null, durationS: null, sizeBytes: null, width: null, height: null,
      createdAt: new Date().toISOString(), finishedAt: null,
    } as Export;
    editor.getState().applyExport(base);
    expect(editor.getState().view!.exports[0]).toEqual(base);
    expect(toastList()).toEqual([]);
    editor.getState().applyExport({ ...base, progress: 50 });
    expect(editor.getState().view!.exports.filter((e) => e.id === base.id)).toEqual([{ ...base, progress: 50 }]);
    expect(toastList()).toEqual([]);
    editor.getState().setInspectorTab('music');
    editor.getState().applyExport({ ...base, state: 'succeeded', progress: 100 });
    expect(toastList()).toEqual([{ kind: 'success', message: 'Your video is ready.', actions: ['Show'] }]);
    expect(editor.getState().inspectorTab).toBe('music');
    toasts.getState().toasts[0]!.actions![0]!.run();
    expect(editor.getState().inspectorTab).toBe('export');

    // Finished before the store knew it was running: shown, no toast.
    toasts.setState({ toasts: [] });
    const other = { ...base, id: '00000000-0000-4000-8000-00000000e002', state: 'failed' as const };
    editor.getState().applyExport(other);
    expect(editor.getState().view!.exports[0]).toEqual(other);
    expect(toastList()).toEqual([]);
    // Another project's export is not this view's.
    const foreign = { ...base, id: '00000000-0000-4000-8000-00000000e003', projectId: '00000000-0000-4000-8000-000000000009' };
    editor.getState().applyExport(foreign);
    expect(editor.getState().view!.exports.some((e) => e.id === foreign.id)).toBe(false);
    // A cancelled running export: shown, no toast.
    const third = { ...base, id: '00000000-0000-4000-8000-00000000e004' };
    editor.getState().applyExport(third);
    editor.getState().applyExport({ ...third, state: 'cancelled' });
    expect(editor.getState().view!.exports[0]).toMatchObject({ id: third.id, state: 'cancelled' });
    expect(toastList()).toEqual([]);
  });

  it('a refused export start says why and keeps the export tab open', async () => {
    const fresh = await projectWithClips(studio, tempDir(), 1);
    await editor.getState().open(fresh.projectId);
    await editor.getState().startExport();
    expect(editor.getState().inspectorTab).toBe('export');
    expect(toastList()).toEqual([expect.objectContaining({ kind: 'error', message: expect.stringMatching(/approve at least one take/) })]);
    expect(editor.getState().view!.exports).toEqual([]);
  });

  it('cancelling an export it cannot find says so instead of throwing', async () => {
    await editor.getState().cancelExport('00000000-0000-4000-8000-000000000000');
    expect(toastList()).toHaveLength(1);
    expect(toastList()[0]!.kind).toBe('error');
    expect(toastList()[0]!.message).not.toMatch(/exportId/);
  });

  it("the fixes of a failed export regenerate or remove the clip it names, and know the timeline's clips", async () => {
    const actions = editor.getState().exportFixActions();
    expect(actions.hasClip(clipIds[0]!)).toBe(true);
    expect(actions.hasClip('00000000-0000-4000-8000-000000000000')).toBe(false);
    const clipId = clipIds[1]!;
    const jobsBefore = (await clipOf(clipId))!.job?.id;
    behavior = { outcome: 'hang' };
    editor.getState().setProvider('remote');
    actions.regenerate(clipId);
    expect(editor.getState().selectedClipId).toBe(clipId);
    await waitFor(async () => ((await clipOf(clipId))!.job?.id !== jobsBefore ? true : undefined));
    await call(studio, 'jobs.cancel', { jobId: (await clipOf(clipId))!.job!.id });

    const before = await order();
    actions.remove(before[0]!);
    await waitFor(async () => ((await order()).includes(before[0]!) ? undefined : true));
    await waitFor(() => (labels().includes('Remove clip') ? true : undefined));
    await undo();
    expect(await order()).toEqual(before);
  });
});

describe('editor selectors', () => {
  const clip = (over: Partial<EditorClip>): EditorClip => ({ ...(editor.getState().view!.clips[0]!), ...over });
  const job = (state: string) => ({ ...(editor.getState().view!.clips[0]!.job!), state }) as EditorClip['job'];

  it('counts queued and running jobs as active, nothing else', () => {
    expect(selectors.isActiveJob(clip({ job: job('queued') }))).toBe(true);
    expect(selectors.isActiveJob(clip({ job: job('running') }))).toBe(true);
    expect(selectors.isActiveJob(clip({ job: job('succeeded') }))).toBe(false);
    expect(selectors.isActiveJob(clip({ job: job('failed') }))).toBe(false);
    expect(selectors.isActiveJob(clip({ job: null }))).toBe(false);
  });

  it('waits for approval on unapproved clips with a take and no running job', () => {
    const base = editor.getState().view!.clips[0]!;
    const ready = clip({ id: 'ready', approved: false });
    const approved = clip({ id: 'approved', approved: true });
    const empty = clip({ id: 'empty', approved: false, takes: [] });
    const busy = clip({ id: 'busy', approved: false, job: job('running') });
    expect(base.takes.length).toBeGreaterThan(0);
    expect(selectors.awaitingApproval([ready, approved, empty, busy]).map((c) => c.id)).toEqual(['ready']);
  });

  it('shows the approved take, else the newest', () => {
    const base = editor.getState().view!.clips[0]!;
    const [t1] = base.takes;
    const a = { ...t1!, id: 'a', approved: false };
    const b = { ...t1!, id: 'b', approved: true };
    const c = { ...t1!, id: 'c', approved: false };
    expect(selectors.currentTake(clip({ takes: [a, b, c] }))?.id).toBe('b');
    expect(selectors.currentTake(clip({ takes: [a, c] }))?.id).toBe('c');
    expect(selectors.currentTake(clip({ takes: [] }))).toBeNull();
  });

  it('shows a freshly imported clip with no trim, takes or job', () => {
    const { trimInS: _i, trimOutS: _o, takes: _t, job: _j, ...plain } = editor.getState().view!.clips[0]!;
    expect(selectors.asEditorClip(plain)).toEqual({ ...plain, trimInS: 0, trimOutS: null, transitionOut: null, takes: [], job: null });
  });
});
