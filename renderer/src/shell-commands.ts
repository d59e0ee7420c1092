import type { ShellCommand } from '../../shared/contract/system';
import type { Route } from './stores/route';

/** What a shell command acts on; main.tsx gives the real stores, tests give records. */
export interface ShellCommandTarget {
  go(route: Route): void;
  /** The element with the keyboard focus (document.activeElement). */
  focused(): EventTarget | null;
  isTyping(target: EventTarget | null): boolean;
  /** Undo / redo of the typing in the focused text field (the browser's own editing history). */
  editText(command: 'undo' | 'redo'): void;
  /** The studio's edit history. */
  history(command: 'undo' | 'redo'): void;
  /** Exports the open project; false when no project is open to export. */
  exportOpenProject(): boolean;
  tell(message: string): void;
}

/**
 * What the desktop shell's menu, dock or jump list asked for (the `shell.command` event). Undo and
 * Redo act on the text field being typed in, like the Edit menu of any app, and on the studio's
 * edit history everywhere else, the way Ctrl/Cmd+Z does on the page.
 */
export function runShellCommand(command: ShellCommand, target: ShellCommandTarget): void {
  switch (command.command) {
    case 'settings':
      target.go({ screen: 'settings' });
      return;
    case 'open-project':
      target.go({ screen: 'project', projectId: command.projectId });
      return;
    case 'undo':
    case 'redo':
      if (target.isTyping(target.focused())) target.editText(command.command);
      else target.history(command.command);
      return;
    case 'export':
      if (!target.exportOpenProject()) target.tell('Open a project to export its video.');
      return;
  }
}
