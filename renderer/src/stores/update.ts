import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../shared/contract';
import { studio } from '../transport/client';

/**
 * The auto-update status, kept current by the update.status event. Asked for only where the app
 * updates itself (Electron), and after the first screen is up, so a screen's own calls stay its own.
 */
export function useUpdateStatus(delayMs = 1500): [UpdateStatus | null, (next: UpdateStatus) => void] {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  useEffect(() => {
    if (!studio.capabilities.autoUpdate) return;
    let live = true;
    const timer = setTimeout(() => {
      studio.api['update.status']({}).then(
        (s) => live && setStatus(s),
        () => undefined,
      );
    }, delayMs);
    const off = studio.subscribe((event) => {
      if (event.type === 'update.status') setStatus(event.payload);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      off();
    };
  }, [delayMs]);
  return [status, setStatus];
}
