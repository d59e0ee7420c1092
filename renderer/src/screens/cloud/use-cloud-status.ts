import { useEffect, useState } from 'react';
import type { CloudStatus } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { toastError } from '../../stores/toasts';

/** The cloud status, kept current by the cloud.status and credits.updated events. */
export function useCloudStatus(): [CloudStatus | null, (next: CloudStatus) => void] {
  const [status, setStatus] = useState<CloudStatus | null>(null);
  useEffect(() => {
    let live = true;
    studio.api['cloud.status']({}).then((s) => live && setStatus(s), toastError);
    const off = studio.subscribe((event) => {
      if (event.type === 'cloud.status') setStatus(event.payload);
      if (event.type === 'credits.updated') setStatus((s) => (s ? { ...s, balance: event.payload.balance } : s));
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return [status, setStatus];
}
