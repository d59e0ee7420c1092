import { studio } from '../transport/client';
import { useUpdateStatus } from '../stores/update';
import { toastError } from '../stores/toasts';
import { Button } from './Button';

/** "Restart to update" once an update is downloaded (held while an export or a generation runs), and what is new after one. */
export function UpdateBanner() {
  const [status, setStatus] = useUpdateStatus();
  if (!status) return null;
  if (status.updatedTo) {
    return (
      <aside role="status" aria-label="What is new" className="fixed bottom-4 left-4 z-40 flex max-w-md flex-col gap-2 rounded-xl border border-ink-700 bg-ink-900 p-4 text-sm shadow-lg">
        <p className="font-semibold">Echoes Studio is now {status.updatedTo.version}</p>
        {status.updatedTo.releaseNotes && <p className="whitespace-pre-line text-ink-300">{status.updatedTo.releaseNotes}</p>}
        <div>
          <Button onClick={() => studio.api['update.dismissNotes']({}).then(setStatus, toastError)}>Got it</Button>
        </div>
      </aside>
    );
  }
  if (status.phase !== 'ready') return null;
  return (
    <aside role="status" aria-label="Update ready" className="fixed bottom-4 left-4 z-40 flex max-w-md items-center gap-3 rounded-xl border border-ink-700 bg-ink-900 p-4 text-sm shadow-lg">
      <p className="flex-1">
        Echoes Studio {status.version} is ready.
        {status.blockedBy && <span className="block text-xs text-ink-300">Restart is held while {status.blockedBy}.</span>}
      </p>
      <Button variant="primary" disabled={!status.canRestart} onClick={() => studio.api['update.restart']({}).catch(toastError)}>
        Restart to update
      </Button>
    </aside>
  );
}
