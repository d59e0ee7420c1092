import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { toastError, useToasts } from '../../stores/toasts';
import { studio } from '../../transport/client';
import { useCloudStatus } from './use-cloud-status';

/** Backs a finished export up to the cloud library (signed in), with progress and cancel. */
export function BackupButton({ exportId }: { exportId: string }) {
  const [status] = useCloudStatus();
  const [operationId, setOperationId] = useState<string | null>(null);
  const [percent, setPercent] = useState(0);
  useEffect(
    () =>
      studio.subscribe((e) => {
        if (e.type === 'library.progress' && e.payload.operationId === operationId && e.payload.totalBytes) setPercent(Math.round((e.payload.doneBytes / e.payload.totalBytes) * 100));
      }),
    [operationId],
  );
  if (!status?.signedIn) return null;
  async function backup() {
    const id = crypto.randomUUID();
    setOperationId(id);
    setPercent(0);
    try {
      await studio.api['library.backup']({ exportId, operationId: id });
      useToasts.getState().push({ kind: 'success', message: 'Backed up to your cloud library: share it from there.' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'CANCELLED') toastError(error);
    } finally {
      setOperationId(null);
    }
  }
  return operationId ? (
    <Button variant="ghost" onClick={() => void studio.api['library.cancel']({ operationId }).catch(toastError)} data-testid="backup-cancel">
      Backing up {percent} % · Cancel
    </Button>
  ) : (
    <Button variant="ghost" onClick={() => void backup()} disabled={!status.online} title={status.online ? 'Upload this video to your cloud library' : 'Needs a connection'}>
      Back up to cloud
    </Button>
  );
}
