import { useEffect } from 'react';
import { studio } from '../../transport/client';
import { useToasts } from '../../stores/toasts';
import { openAccount } from './cloud-route';

/** App-wide: a generation refused for lack of credits offers to buy a pack, wherever the creator is. */
export function CloudNotices() {
  useEffect(
    () =>
      studio.subscribe((event) => {
        if (event.type !== 'credits.needed') return;
        useToasts.getState().push({ kind: 'error', message: event.payload.message, actions: [{ label: 'Buy credits', run: openAccount }] });
      }),
    [],
  );
  return null;
}
