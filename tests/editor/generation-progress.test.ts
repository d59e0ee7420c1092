// The pure parts of the header: a Generate run's progress and ETA, and which step is the primary button.
import { describe, expect, it } from 'vitest';
import type { EditorClip, EditorView, Export, Job, Take } from '../../shared/contract';
import { formatTime } from '../../renderer/src/format';
import { batchProgress, estimateRemainingS, nextStep } from '../../renderer/src/screens/editor/generation-progress';

const job = (state: Job['state'], progress: number, createdAt: string): Job =>
  ({ id: `job-${createdAt}`, state, progress, createdAt }) as unknown as Job;
const take = (approved: boolean): Take => ({ id: 't', approved, durationS: 2 }) as unknown as Take;
const clip = (id: string, fields: Partial<EditorClip>): EditorClip => ({ id, takes: [], job: null, approved: false, ...fields }) as unknown as EditorClip;
const view = (clips: EditorClip[], exports: Array<Pick<Export, 'state'>> = []) => ({ clips, exports: exports as Export[] }) as Pick<EditorView, 'clips' | 'exports'>;

describe('estimateRemainingS', () => {
  it('extrapolates the pace kept so far', () => {
    expect(estimateRemainingS(0.5, 30)).toBe(30);
    expect(estimateRemainingS(0.25, 10)).toBe(30);
    expect(estimateRemainingS(1, 40)).toBe(0);
  });

  it('says nothing until there is something to go on', () => {
    expect(estimateRemainingS(0, 30)).toBeNull();
    expect(estimateRemainingS(0.01, 30)).toBeNull();
    expect(estimateRemainingS(0.5, 0.2)).toBeNull();
    expect(estimateRemainingS(Number.NaN, 10)).toBeNull();
    expect(estimateRemainingS(1.5, 10)).toBeNull();
  });
});

describe('batchProgress', () => {
  it('counts finished clips whole and running ones by their progress, from the earliest job', () => {
    const clips = [
      clip('a', { job: job('succeeded', 1, '2026-01-01T00:00:10Z'), takes: [take(false)] }),
      clip('b', { job: job('running', 0.5, '2026-01-01T00:00:00Z') }),
      clip('c', { job: job('queued', 0, '2026-01-01T00:00:20Z') }),
      clip('d', { job: job('running', 0.9, '2026-01-01T00:00:00Z') }),
    ];
    const p = batchProgress(view(clips), ['a', 'b', 'c']);
    expect(p).toEqual({ percent: 50, active: 2, done: 1, total: 3, startedAtMs: Date.parse('2026-01-01T00:00:00Z') });
    expect(batchProgress(view(clips), [])).toEqual({ percent: 0, active: 0, done: 0, total: 0, startedAtMs: null });
  });
});

describe('nextStep', () => {
  it('walks import, generate, approve, export, done', () => {
    expect(nextStep(view([]))).toBe('import');
    expect(nextStep(view([clip('a', {})]))).toBe('generate');
    expect(nextStep(view([clip('a', { takes: [take(false)] }), clip('b', {})]))).toBe('generate');
    expect(nextStep(view([clip('a', { takes: [take(false)] })]))).toBe('approve');
    expect(nextStep(view([clip('a', { takes: [take(true)], approved: true })]))).toBe('export');
    expect(nextStep(view([clip('a', { takes: [take(true)], approved: true })], [{ state: 'failed' }]))).toBe('export');
    expect(nextStep(view([clip('a', { takes: [take(true)], approved: true })], [{ state: 'succeeded' }]))).toBe('done');
  });

  it('does not ask to generate a clip that is generating', () => {
    expect(nextStep(view([clip('a', { job: job('running', 0.2, '2026-01-01T00:00:00Z') }), clip('b', { takes: [take(false)] })]))).toBe('approve');
  });
});

describe('formatTime', () => {
  it('shows every duration of the edit to a tenth of a second', () => {
    expect(formatTime(27.5)).toBe('0:27.5');
    expect(formatTime(27.46)).toBe('0:27.5');
    expect(formatTime(59.96)).toBe('1:00.0');
    expect(formatTime(75)).toBe('1:15.0');
    expect(formatTime(0)).toBe('0:00.0');
    expect(formatTime(-3)).toBe('0:00.0');
    expect(formatTime(Number.NaN)).toBe('0:00.0');
    expect(formatTime(605.04)).toBe('10:05.0');
  });

  it('rounds to whole seconds for ruler labels', () => {
    expect(formatTime(5, { wholeSeconds: true })).toBe('0:05');
    expect(formatTime(89.6, { wholeSeconds: true })).toBe('1:30');
  });
});
