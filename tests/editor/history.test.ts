import { beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, HISTORY_SCOPES, PROJECTS_SCOPE, projectScope, useHistory, type Edit } from '../../renderer/src/stores/history';
import { useToasts } from '../../renderer/src/stores/toasts';

/** A value the edits change, per project, like the studio's saved settings. */
type Saved = Record<string, string>;

/** An edit that sets `saved[project]` from `from` to `to` (and back), the way the editor's edits call the studio. */
function setting(saved: Saved, project: string, from: string, to: string, label = `set ${to}`): Edit {
  return {
    label,
    scope: projectScope(project),
    undo: async () => {
      saved[project] = from;
    },
    redo: async () => {
      saved[project] = to;
    },
  };
}

/** An edit whose undo and redo fail, like undoing a rename of a project emptied from the trash. */
function broken(scope: string, label = 'Rename'): Edit & { tries: number } {
  const edit = {
    label,
    scope,
    tries: 0,
    undo: async () => {
      edit.tries++;
      throw new Error('No project with id p1.');
    },
    redo: async () => {
      edit.tries++;
      throw new Error('No project with id p1.');
    },
  };
  return edit;
}

const history = () => useHistory.getState();

beforeEach(() => {
  history().clear();
  history().enter(PROJECTS_SCOPE);
  useToasts.setState({ toasts: [] });
});

describe('undo history', () => {
  it('forgets one edit of its own scope, from the past or the future, and nothing else', async () => {
    const saved: Saved = { a: 'one', b: 'x' };
    history().enter(projectScope('a'));
    const first = setting(saved, 'a', 'one', 'two');
    const second = setting(saved, 'a', 'two', 'three');
    const other = setting(saved, 'b', 'x', 'y');
    history().record(first);
    history().record(other);
    history().record(second);
    history().forget(first);
    expect(history().past).toEqual([second]);
    expect(history().stacks[projectScope('b')]!.past).toEqual([other]);
    await history().undo();
    expect(history().future).toEqual([second]);
    history().forget(second);
    expect(history().future).toEqual([]);
    // An edit no list holds: nothing changes.
    const stacks = history().stacks;
    history().forget(first);
    expect(history().stacks).toBe(stacks);
  });

  it('undoes and redoes in order, and a new edit clears what could be redone', async () => {
    const saved: Saved = { a: 'one' };
    history().enter(projectScope('a'));
    saved.a = 'two';
    history().record(setting(saved, 'a', 'one', 'two'));
    saved.a = 'three';
    history().record(setting(saved, 'a', 'two', 'three'));

    await history().undo();
    expect(saved.a).toBe('two');
    await history().undo();
    expect(saved.a).toBe('one');
    await history().undo();
    expect(saved.a).toBe('one');
    await history().redo();
    expect(saved.a).toBe('two');
    expect(history().past.map((e) => e.label)).toEqual(['set two']);
    expect(history().future.map((e) => e.label)).toEqual(['set three']);

    saved.a = 'four';
    history().record(setting(saved, 'a', 'two', 'four'));
    expect(history().future).toEqual([]);
    await history().redo();
    expect(saved.a).toBe('four');
  });

  it('never undoes an edit of a project that is not open', async () => {
    const saved: Saved = { a: 'edited', b: 'untouched' };
    history().enter(projectScope('a'));
    history().record(setting(saved, 'a', 'original', 'edited'));

    // The creator opens project B and presses Ctrl+Z: B has nothing to undo, and A stays as it is.
    history().enter(projectScope('b'));
    expect(history().past).toEqual([]);
    await history().undo();
    expect(saved).toEqual({ a: 'edited', b: 'untouched' });

    // The dashboard has its own history too.
    history().enter(PROJECTS_SCOPE);
    await history().undo();
    expect(saved.a).toBe('edited');

    // Back in A, its edit is still there to undo.
    history().enter(projectScope('a'));
    expect(history().past).toHaveLength(1);
    await history().undo();
    expect(saved).toEqual({ a: 'original', b: 'untouched' });
  });

  it('records an edit that finishes after the creator left its project in that project, not the open one', async () => {
    const saved: Saved = { a: 'x', b: 'y' };
    history().enter(projectScope('b'));
    history().record(setting(saved, 'a', 'before', 'x'));
    expect(history().past).toEqual([]);
    await history().undo();
    expect(saved.a).toBe('x');
    // An explicit scope (the dashboard toast's Undo) reaches its own edits wherever the creator is.
    await history().undo(projectScope('a'));
    expect(saved.a).toBe('before');
  });

  it('drops an edit whose undo fails, says so, and undoes the one before it next time', async () => {
    const saved: Saved = { a: 'two' };
    history().enter(projectScope('a'));
    history().record(setting(saved, 'a', 'one', 'two'));
    const bad = broken(projectScope('a'), 'Rename Beach day');
    history().record(bad);

    await history().undo();
    expect(bad.tries).toBe(1);
    expect(history().past.map((e) => e.label)).toEqual(['set two']);
    expect(history().future).toEqual([]);
    const [toast] = useToasts.getState().toasts;
    expect(toast).toMatchObject({ kind: 'error' });
    expect(toast!.message).toContain('Could not undo “Rename Beach day”');
    expect(toast!.message).toContain('No project with id p1.');

    // The next Ctrl+Z does not retry the broken edit: it undoes the one before.
    await history().undo();
    expect(bad.tries).toBe(1);
    expect(saved.a).toBe('one');
    expect(history().busy).toBe(false);
  });

  it('runs quick presses one after another instead of dropping the second', async () => {
    const saved: Saved = { a: '0' };
    history().enter(projectScope('a'));
    const slow = (from: string, to: string): Edit => ({
      ...setting(saved, 'a', from, to),
      undo: () => new Promise<void>((r) => setTimeout(() => ((saved.a = from), r()), 20)),
      redo: () => new Promise<void>((r) => setTimeout(() => ((saved.a = to), r()), 20)),
    });
    history().record(slow('0', '1'));
    history().record(slow('1', '2'));
    saved.a = '2';
    await Promise.all([history().undo(), history().undo()]);
    expect(saved.a).toBe('0');
    expect(history().future.map((e) => e.label)).toEqual(['set 2', 'set 1']);
    await Promise.all([history().redo(), history().redo()]);
    expect(saved.a).toBe('2');
    expect(history().past).toHaveLength(2);
  });

  it('drops an edit whose redo fails', async () => {
    const bad = broken(PROJECTS_SCOPE);
    const calls: string[] = [];
    history().record({ label: 'first', scope: PROJECTS_SCOPE, undo: async () => void calls.push('undo first'), redo: async () => void calls.push('redo first') });
    history().record({ ...bad, undo: async () => void calls.push('undo bad') });
    await history().undo();
    await history().undo();
    expect(calls).toEqual(['undo bad', 'undo first']);
    await history().redo();
    expect(calls.at(-1)).toBe('redo first');
    // The broken edit's redo fails: it leaves the history, and redo stops there.
    await history().redo();
    expect(useToasts.getState().toasts.at(-1)?.message).toContain('Could not redo “Rename”');
    expect(history().future).toEqual([]);
    expect(history().past.map((e) => e.label)).toEqual(['first']);
    await history().redo();
    expect(bad.tries).toBe(1);
  });

  it('keeps an edit recorded while an undo is still running', async () => {
    let finish!: () => void;
    const slow: Edit = { label: 'slow', scope: PROJECTS_SCOPE, undo: () => new Promise<void>((r) => (finish = r)), redo: async () => {} };
    history().record(slow);
    const undoing = history().undo();
    history().record({ label: 'during', scope: PROJECTS_SCOPE, undo: async () => {}, redo: async () => {} });
    finish();
    await undoing;
    expect(history().past.map((e) => e.label)).toEqual(['during']);
    // the new edit ended the redo path: the edit undone meanwhile cannot be redone over it
    expect(history().future).toEqual([]);
  });

  it('keeps at most HISTORY_LIMIT edits per screen and the screens used last', async () => {
    const saved: Saved = {};
    history().enter(projectScope('a'));
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) history().record(setting(saved, 'a', String(i), String(i + 1)));
    expect(history().past).toHaveLength(HISTORY_LIMIT);
    expect(history().past[0]!.label).toBe('set 6');

    for (let i = 0; i < HISTORY_SCOPES; i++) {
      history().enter(projectScope(`p${i}`));
      history().record(setting(saved, `p${i}`, 'x', 'y'));
    }
    history().enter(projectScope('a'));
    expect(history().past).toEqual([]);
    history().enter(projectScope(`p${HISTORY_SCOPES - 1}`));
    expect(history().past).toHaveLength(1);
  });

  it('is busy while an undo runs, and not after', async () => {
    let finish!: () => void;
    history().record({ label: 'slow', scope: PROJECTS_SCOPE, undo: () => new Promise<void>((r) => (finish = r)), redo: async () => {} });
    expect(history().busy).toBe(false);
    const undoing = history().undo();
    expect(history().busy).toBe(true);
    finish();
    await undoing;
    expect(history().busy).toBe(false);
  });

  it('a third quick press waits for the second, which waits for the first', async () => {
    const calls: string[] = [];
    const gates: Record<string, () => void> = {};
    const gated = (label: string): Edit => ({
      label,
      scope: PROJECTS_SCOPE,
      undo: () => new Promise<void>((r) => {
        calls.push(label);
        gates[label] = r;
      }),
      redo: async () => {},
    });
    history().record(gated('one'));
    history().record(gated('two'));
    history().record(gated('three'));
    const first = history().undo();
    const second = history().undo();
    expect(calls).toEqual(['three']);
    gates.three!();
    await first;
    for (let i = 0; i < 20 && !calls.includes('two'); i++) await Promise.resolve();
    expect(calls).toEqual(['three', 'two']);
    const third = history().undo();
    await Promise.resolve();
    expect(calls).toEqual(['three', 'two']);
    gates.two!();
    await second;
    for (let i = 0; i < 20 && !calls.includes('one'); i++) await Promise.resolve();
    gates.one!();
    await third;
    expect(calls).toEqual(['three', 'two', 'one']);
    expect(history().past).toEqual([]);
    expect(history().future.map((e) => e.label)).toEqual(['three', 'two', 'one']);
  });

  it("forgets one screen's edits, or every screen's", async () => {
    const saved: Saved = {};
    history().enter(projectScope('a'));
    history().record(setting(saved, 'a', '0', '1'));
    history().record(setting(saved, 'a', '1', '2'));
    await history().undo();
    history().record(setting(saved, 'b', '0', '1'));
    expect(history().past.map((e) => e.label)).toEqual(['set 1']);
    expect(history().future.map((e) => e.label)).toEqual(['set 2']);

    // Another screen's edits go; the open one's stay shown.
    history().clear(projectScope('b'));
    expect(history().past.map((e) => e.label)).toEqual(['set 1']);
    expect(history().future.map((e) => e.label)).toEqual(['set 2']);
    history().enter(projectScope('b'));
    expect(history().past).toEqual([]);
    history().record(setting(saved, 'b', '0', '1'));
    history().enter(projectScope('a'));

    // The open screen's edits go at once.
    history().clear(projectScope('a'));
    expect(history().past).toEqual([]);
    expect(history().future).toEqual([]);
    history().enter(projectScope('b'));
    expect(history().past.map((e) => e.label)).toEqual(['set 1']);

    history().clear();
    expect(history().past).toEqual([]);
    expect(history().future).toEqual([]);
    expect(history().stacks).toEqual({});
    history().enter(projectScope('a'));
    history().enter(projectScope('b'));
    expect(history().past).toEqual([]);
  });

  it('a failed redo leaves the redo list', async () => {
    const bad = broken(PROJECTS_SCOPE, 'Bad');
    history().record({ label: 'keep', scope: PROJECTS_SCOPE, undo: async () => {}, redo: async () => {} });
    history().record({ ...bad, undo: async () => {} });
    await history().undo();
    expect(history().future.map((e) => e.label)).toEqual(['Bad']);
    await history().redo();
    expect(history().future).toEqual([]);
    expect(history().past.map((e) => e.label)).toEqual(['keep']);
  });
});
