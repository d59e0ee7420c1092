/**
 * The signals that stop a render, handled alike: Ctrl+C (SIGINT), `kill` (SIGTERM), a closed
 * terminal or console window (SIGHUP; on Windows Node turns the console's close event into it and
 * the process has a few seconds before Windows ends it) and Ctrl+Break (SIGBREAK, Windows only).
 * The first one cancels cleanly (no half file, temp folders removed, exit code 130); a second one
 * stops at once.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

export interface SignalSource {
  on(event: string, listener: (signal: string) => void): unknown;
}

export function handleStopSignals(source: SignalSource, controller: AbortController, stopNow: (signal: string) => void): void {
  for (const name of STOP_SIGNALS) {
    source.on(name, () => {
      if (controller.signal.aborted) stopNow(name);
      else controller.abort();
    });
  }
}
