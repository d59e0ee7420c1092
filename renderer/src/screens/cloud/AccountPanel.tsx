import { useCallback, useEffect, useState } from 'react';
import type { CreditsSummary } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { Button } from '../../components/Button';
import { formatDate } from '../../format';
import { toastError, useToasts } from '../../stores/toasts';
import { openAdmin } from './cloud-route';
import { useCloudStatus } from './use-cloud-status';

const transactionLabels: Record<string, string> = {
  signup_bonus: 'Free credit for joining',
  spend: 'Runway clip',
  refund: 'Refund',
  purchase: 'Credit pack',
  referral_bonus: 'Referral bonus',
  admin_adjustment: 'Adjustment',
};

function price(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

function ProjectForm({ onSaved }: { onSaved: () => void }) {
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    try {
      await studio.api['cloud.configure']({ supabaseUrl: url, anonKey: key });
      onSaved();
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Supabase project URL
        <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://<project>.supabase.co" className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100" />
      </label>
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Anon (public) key
        <input value={key} onChange={(e) => setKey(e.target.value)} className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 font-mono text-xs text-ink-100" />
      </label>
      <div>
        <Button type="submit" disabled={busy || !url || !key}>
          Use this project
        </Button>
      </div>
    </form>
  );
}

/** Settings › Account: sign in / out, balance, history, credit packs, referral code. */
export function AccountPanel() {
  const [status, setStatus] = useCloudStatus();
  const [credits, setCredits] = useState<CreditsSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [referral, setReferral] = useState('');
  const signedIn = status?.signedIn ?? false;

  const loadCredits = useCallback((refresh: boolean) => {
    studio.api['credits.get']({ refresh }).then(setCredits, toastError);
  }, []);

  useEffect(() => {
    if (signedIn) loadCredits(false);
    else setCredits(null);
  }, [signedIn, loadCredits]);

  useEffect(
    () =>
      studio.subscribe((event) => {
        if (event.type === 'credits.updated' && signedIn) loadCredits(false);
      }),
    [signedIn, loadCredits],
  );

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  }

  if (!status) return <p className="text-sm text-ink-300">Loading…</p>;

  if (!status.configured) {
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm text-ink-300" data-testid="cloud-local-only">
          {status.localOnlyMessage}
        </p>
        <details className="text-sm">
          <summary className="cursor-pointer text-ink-300">Connect a cloud project</summary>
          <div className="mt-2">
            <ProjectForm onSaved={() => studio.api['cloud.status']({}).then(setStatus, toastError)} />
          </div>
        </details>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {!status.online && (
        <p role="status" className="rounded bg-amber-950/60 p-2 text-sm text-amber-100">
          Offline: cloud jobs wait and resume when the connection is back. Editing and exporting work as usual.
        </p>
      )}
      {status.lastError && (
        <p role="alert" className="rounded bg-red-950/60 p-2 text-sm text-red-100">
          {status.lastError}
        </p>
      )}
      {!signedIn ? (
        <div className="flex flex-col items-start gap-2">
          <p className="text-sm text-ink-300">Sign in to make Runway AI clips with credits. Your first credit is free.</p>
          <Button variant="primary" disabled={busy} onClick={() => void run(() => studio.api['auth.signIn']({}).then((r) => setStatus(r.status)))}>
            Sign in with Google
          </Button>
          {status.signingIn && <p className="text-xs text-ink-300">Finish signing in in your browser; Echoes Studio picks it up from there.</p>}
        </div>
      ) : (
        <>
          <div className="flex items-center gap-4">
            <div className="flex-1">
              <p className="text-sm">{status.user?.email ?? 'Signed in'}</p>
              <p className="text-2xl font-semibold" data-testid="credit-balance">
                {status.balance ?? '…'} <span className="text-sm font-normal text-ink-300">{status.balance === 1 ? 'credit' : 'credits'}</span>
              </p>
            </div>
            <Button variant="ghost" disabled={busy} onClick={() => void run(() => studio.api['auth.signOut']({}).then(setStatus))}>
              Sign out
            </Button>
          </div>

          <div className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold">Buy credits</h3>
            <ul className="grid grid-cols-1 gap-2 sm:grid-cols-3">
              {(credits?.packs ?? []).map((pack) => (
                <li key={pack.id} className="flex flex-col gap-1 rounded-lg border border-ink-800 p-3">
                  <span className="text-sm font-medium">{pack.name}</span>
                  <span className="text-xs text-ink-300">
                    {pack.credits} credits · {price(pack.priceCents, pack.currency)}
                  </span>
                  <Button
                    variant="primary"
                    disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        await studio.api['credits.buy']({ packId: pack.id });
                        useToasts.getState().push({ kind: 'info', message: 'Complete the payment in your browser; the balance updates when you come back.' });
                      })
                    }
                  >
                    Buy
                  </Button>
                </li>
              ))}
            </ul>
          </div>

          <div className="flex flex-col gap-2">
            <div className="flex items-center">
              <h3 className="flex-1 text-sm font-semibold">History</h3>
              <Button variant="ghost" onClick={() => loadCredits(true)}>
                Refresh
              </Button>
            </div>
            {credits?.transactions.length ? (
              <table className="text-sm">
                <tbody>
                  {credits.transactions.map((t) => (
                    <tr key={t.id} className="border-t border-ink-800">
                      <td className="py-1 text-ink-300">{formatDate(t.createdAt)}</td>
                      <td className="py-1">{transactionLabels[t.type] ?? t.type}</td>
                      <td className={`py-1 text-right tabular-nums ${t.amount < 0 ? 'text-ink-300' : 'text-emerald-300'}`}>{t.amount > 0 ? `+${t.amount}` : t.amount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-xs text-ink-500">No credit activity yet.</p>
            )}
          </div>

          {credits?.referralCode && (
            <form
              className="flex flex-wrap items-end gap-2 text-sm"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => studio.api['credits.redeemReferral']({ code: referral }).then(setCredits));
              }}
            >
              <p className="w-full text-xs text-ink-300">
                Your referral code: <span className="font-mono text-ink-100">{credits.referralCode}</span> (a friend who enters it gets a credit, and so do you)
              </p>
              <input value={referral} onChange={(e) => setReferral(e.target.value)} placeholder="A friend's code" className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm" />
              <Button type="submit" disabled={busy || !referral.trim()}>
                Redeem
              </Button>
            </form>
          )}
        </>
      )}
      <div className="flex gap-4 border-t border-ink-800 pt-3 text-xs text-ink-500">
        <span className="flex-1 truncate">
          Cloud project: {status.projectUrl} ({status.source === 'build' ? 'built in' : 'from Settings'})
        </span>
        {status.source === 'settings' && (
          <button className="hover:text-ink-100" onClick={() => void run(() => studio.api['cloud.configure']({ clear: true }).then(setStatus))}>
            Forget this project
          </button>
        )}
        <button className="hover:text-ink-100" onClick={openAdmin}>
          Admin settings…
        </button>
      </div>
    </div>
  );
}
