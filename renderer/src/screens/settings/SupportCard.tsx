import type { AppSettings, UpdateStatus } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { Button } from '../../components/Button';
import { saving } from '../../stores/save-status';
import { useUpdateStatus } from '../../stores/update';
import { toastError, useToasts } from '../../stores/toasts';

const select = 'max-w-sm rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100';

function updateLine(s: UpdateStatus): string {
  if (s.phase === 'checking') return 'Looking for an update…';
  if (s.phase === 'downloading') return `Downloading ${s.version} in the background…`;
  if (s.phase === 'ready') return s.canRestart ? `${s.version} is ready: restart to update.` : `${s.version} is ready; restart is held while ${s.blockedBy}.`;
  if (s.phase === 'error') return s.message ?? 'The last check failed.';
  if (s.phase === 'up-to-date') return `Up to date (${s.currentVersion}).`;
  return `Version ${s.currentVersion}.`;
}

/** Settings › Updates and reports: the release channel, the update state, the opt-in reports, the log folder. */
export function SupportCard({ settings, onSettings, logDir }: { settings: AppSettings | null; onSettings: (next: AppSettings) => void; logDir: string | null }) {
  const [update, setUpdate] = useUpdateStatus(0);
  // shown at once (a checkbox moves when clicked), put back if the save fails
  const patch = (next: Partial<AppSettings>) => {
    const before = settings;
    if (before) onSettings({ ...before, ...next });
    return saving(() => studio.api['settings.update'](next))
      .then(onSettings)
      .catch((error: unknown) => {
        if (before) onSettings(before);
        toastError(error);
      });
  };

  async function openLogFolder() {
    try {
      const { opened, path } = await studio.api['system.openLogFolder']({});
      if (!opened) useToasts.getState().push({ kind: 'info', message: `The log files are in ${path}` });
    } catch (error) {
      toastError(error);
    }
  }

  return (
    <>
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Release channel
        <select
          value={settings?.updateChannel ?? 'stable'}
          disabled={!settings}
          onChange={(e) => {
            void patch({ updateChannel: e.target.value as AppSettings['updateChannel'] }).then(() => update && studio.api['update.check']({}).then(setUpdate, toastError));
          }}
          className={select}
        >
          <option value="stable">Stable</option>
          <option value="beta">Beta (new features first)</option>
        </select>
      </label>
      {update && (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="update-state">
          <span className="flex-1">{updateLine(update)}</span>
          {update.phase === 'ready' ? (
            <Button variant="primary" disabled={!update.canRestart} onClick={() => studio.api['update.restart']({}).catch(toastError)}>
              Restart to update
            </Button>
          ) : (
            <Button disabled={update.phase === 'checking' || update.phase === 'downloading'} onClick={() => studio.api['update.check']({}).then(setUpdate, toastError)}>
              Check now
            </Button>
          )}
        </div>
      )}
      <div className="border-t border-ink-800 pt-3 text-sm">
        {settings?.reports === 'ask' ? (
          <div role="group" aria-label="Send reports?" className="flex flex-col items-start gap-2">
            <p>
              Help make Echoes Studio better: send reports of errors and of how fast it runs here (time to load, exports). Never your photos, file names or
              account details. Off until you say yes.
            </p>
            <div className="flex gap-2">
              <Button variant="primary" onClick={() => void patch({ reports: 'on' })}>
                Send reports
              </Button>
              <Button variant="ghost" onClick={() => void patch({ reports: 'off' })}>
                No thanks
              </Button>
            </div>
          </div>
        ) : (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={settings?.reports === 'on'} disabled={!settings} onChange={(e) => void patch({ reports: e.target.checked ? 'on' : 'off' })} />
            Send error and speed reports (no photos, file names or account details)
          </label>
        )}
      </div>
      <div className="border-t border-ink-800 pt-3">
        <Button onClick={() => void openLogFolder()}>Open log folder</Button>
        <p className="mt-1 break-all font-mono text-xs text-ink-300" data-testid="log-dir">
          {logDir ?? '…'}
        </p>
      </div>
    </>
  );
}
