/**
 * The modules where a silent bug costs money, data or safety, in the groups the mutation report
 * scores. `npm run mutation` mutates exactly these files (Stryker), runs the vitest suites that
 * import them, and prints a score per module and per group.
 */
export const MUTATION_GROUPS = {
  editor: [
    'renderer/src/stores/editor/clips.ts',
    'renderer/src/stores/editor/timeline.ts',
    'renderer/src/stores/editor/generation.ts',
    'renderer/src/stores/editor/export.ts',
    'renderer/src/stores/editor/selectors.ts',
    'renderer/src/stores/editor/store-kit.ts',
    'renderer/src/stores/history.ts',
  ],
} as const satisfies Record<string, readonly string[]>;

export type MutationGroup = keyof typeof MUTATION_GROUPS;
