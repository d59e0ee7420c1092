/**
 * The modules where a silent bug costs money, data or safety, in the groups the mutation report
 * scores, with the suites that guard them. `npm run mutation` mutates exactly these files (Stryker)
 * and runs those suites; MUTATION_GROUP=editor,shell limits a run to some groups.
 */
export const MUTATION_GROUPS = {
  money: {
    mutate: [
      'supabase/functions/stripe-webhook/handler.ts',
      'supabase/functions/create-checkout/handler.ts',
      'supabase/functions/clip-generation/handler.ts',
      'supabase/functions/clip-status/handler.ts',
      'supabase/functions/_shared/takes.ts',
      'supabase/functions/admin/handler.ts',
    ],
    // Node-side suites only: the Deno suites run the functions in another process, out of Stryker's reach.
    tests: ['tests/edge/stripe.test.ts', 'tests/edge/generation.test.ts', 'tests/edge/account-admin.test.ts'],
  },
  editor: {
    mutate: [
      'renderer/src/stores/editor/clips.ts',
      'renderer/src/stores/editor/timeline.ts',
      'renderer/src/stores/editor/generation.ts',
      'renderer/src/stores/editor/export.ts',
      'renderer/src/stores/editor/selectors.ts',
      'renderer/src/stores/editor/store-kit.ts',
      'renderer/src/stores/history.ts',
    ],
    tests: ['tests/editor/editor-store.test.ts', 'tests/editor/history.test.ts'],
  },
  shell: {
    mutate: [
      'electron/main/ipc.ts',
      'electron/main/trusted-sender.ts',
      'electron/main/app-origin.ts',
      'electron/main/hardening.ts',
      'electron/main/navigation-policy.ts',
      'electron/main/permission-policy.ts',
      'electron/main/app-assets.ts',
      'electron/main/media-request.ts',
      'electron/bridge/request-guard.ts',
    ],
    tests: [
      'tests/shell/shell-guards.test.ts',
      'tests/shell/ipc-sender.test.ts',
      'tests/shell/navigation-policy.test.ts',
      'tests/shell/app-protocol.test.ts',
      'tests/shell/media-protocol.test.ts',
      'tests/foundation/bridge.test.ts',
      'tests/foundation/request-guard.test.ts',
    ],
  },
} as const satisfies Record<string, { mutate: readonly string[]; tests: readonly string[] }>;

export type MutationGroup = keyof typeof MUTATION_GROUPS;
