import type { MenuItemConstructorOptions } from 'electron';

/** The parts of Electron's ContextMenuParams the menu depends on. */
export interface ContextMenuFacts {
  isEditable: boolean;
  selectionText: string;
  editFlags: { canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean };
}

/**
 * The right-click menu: Cut / Copy / Paste / Select All in a text field (each enabled as Chromium
 * says it can), Copy on selected text elsewhere, nothing otherwise (the page has no menu of its own).
 */
export function contextMenuTemplate(facts: ContextMenuFacts): MenuItemConstructorOptions[] {
  if (facts.isEditable) {
    return [
      { role: 'cut', enabled: facts.editFlags.canCut },
      { role: 'copy', enabled: facts.editFlags.canCopy },
      { role: 'paste', enabled: facts.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: facts.editFlags.canSelectAll },
    ];
  }
  if (facts.selectionText.trim() !== '') return [{ role: 'copy', enabled: facts.editFlags.canCopy }];
  return [];
}
