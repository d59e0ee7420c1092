import { describe, expect, it } from 'vitest';
import { canStartGuard } from '../../electron/services/ffmpeg/watchdog';

describe('FFmpeg watchdog', () => {
  it('starts under Node (the CLI, the bridge), never inside Electron, where spawning execPath would open a second app', () => {
    expect(canStartGuard({ ...process.versions })).toBe(true);
    expect(canStartGuard({ ...process.versions, electron: '45.4.1' })).toBe(false);
  });
});
