/** Every keyboard shortcut the studio knows; the overlay (press ?) lists this table. */
export const shortcuts = [
  { keys: 'Ctrl/⌘ Z', action: 'Undo the last edit' },
  { keys: 'Shift Ctrl/⌘ Z', action: 'Redo' },
  { keys: 'Ctrl/⌘ Y', action: 'Redo' },
  { keys: '?', action: 'Show or hide this list' },
  { keys: 'Esc', action: 'Close a dialog, cancel an edit' },
  { keys: 'Space', action: 'Play or pause the preview' },
  { keys: 'K', action: 'Pause' },
  { keys: 'L', action: 'Play; press again to play faster' },
  { keys: 'J', action: 'Step back a second; press again to step further' },
  { keys: ', and .', action: 'One frame back or forward' },
  { keys: 'Home / End', action: 'Go to the start or the end of the video' },
  { keys: 'Space / Enter on a clip', action: 'Pick it up to move; arrows move it; Space drops it' },
  { keys: 'Delete on a clip', action: 'Remove it from the project (Undo brings it back)' },
  { keys: 'Ctrl/⌘ wheel on the timeline', action: 'Zoom the timeline' },
  { keys: 'Ctrl/⌘ I', action: 'Import photos into the open project' },
  { keys: 'Ctrl/⌘ E', action: 'Export the open project' },
] as const;

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
