import { useEffect, useState } from 'react';
import type { AppSettings, EncoderReport, StorageUsage } from '../../../shared/contract';
import { type EncoderSetting, HW_ENCODERS } from '../../../shared/values';
import { studio } from '../transport/client';
import { Button } from '../components/Button';
import { formatBytes, plural } from '../format';
import { saving } from '../stores/save-status';
import { toastError, useToasts } from '../stores/toasts';
import { AccountPanel } from './cloud/AccountPanel';
import { SupportCard } from './settings/SupportCard';

const encoderLabels: Record<EncoderSetting, string> = {
  auto: 'Automatic (hardware when it works)',
  software: 'Software (libx264)',
  h264_videotoolbox: 'Apple VideoToolbox',
  h264_nvenc: 'NVIDIA NVENC',
  h264_qsv: 'Intel Quick Sync',
  h264_amf: 'AMD AMF',
  h264_mf: 'Windows Media Foundation',
};

function Card({ title, id, children }: { title: string; id?: string; children: React.ReactNode }) {
  return (
    <section id={id} className="flex scroll-mt-4 flex-col gap-3 rounded-xl border border-ink-800 bg-ink-900 p-5" aria-label={title}>
      {/* Focusable from code, so a toast's "How to install FFmpeg" lands a keyboard user here. */}
      <h2 className="text-base font-semibold focus:outline-none" tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

export function SettingsScreen() {
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [storage, setStorage] = useState<StorageUsage | null>(null);
  const [encoders, setEncoders] = useState<EncoderReport | null>(null);
  const [busy, setBusy] = useState<'cache' | 'trash' | null>(null);
  const [confirmingTrash, setConfirmingTrash] = useState(false);

  useEffect(() => {
    studio.api['settings.get']({}).then(setSettings, toastError);
    studio.api['system.storage']({}).then(setStorage, toastError);
    studio.api['system.encoders']({}).then(setEncoders, toastError);
  }, []);

  async function clearCache() {
    setBusy('cache');
    try {
      const { freedBytes } = await studio.api['system.clearCache']({});
      useToasts.getState().push({ kind: 'success', message: `Cache cleared: freed ${formatBytes(freedBytes)}.` });
      setStorage(await studio.api['system.storage']({}));
    } catch (error) {
      toastError(error, { retry: () => void clearCache() });
    } finally {
      setBusy(null);
    }
  }

  async function emptyTrash() {
    setConfirmingTrash(false);
    setBusy('trash');
    try {
      const { deletedProjects, freedBytes } = await studio.api['system.emptyTrash']({});
      useToasts.getState().push({ kind: 'success', message: `Trash emptied: ${plural(deletedProjects, 'project')} deleted for good, ${formatBytes(freedBytes)} freed.` });
      setStorage(await studio.api['system.storage']({}));
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(null);
    }
  }
  const trashed = storage?.trashProjects ?? 0;

  const choices: EncoderSetting[] = ['auto', 'software', ...HW_ENCODERS.filter((e) => encoders?.hardware.includes(e))];

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-8 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <Card title="Account" id="account">
        <AccountPanel />
      </Card>
      <Card title="Video encoder" id="encoder">
        {encoders?.problem && (
          <p role="alert" className="rounded bg-red-950/60 p-2 text-sm text-red-100">
            {encoders.problem}
          </p>
        )}
        {encoders?.ffmpeg && (
          <p className="text-xs text-ink-300">
            FFmpeg {encoders.ffmpeg.version} · hardware encoders that work here: {encoders.hardware.length ? encoders.hardware.join(', ') : 'none (software encoding)'}
          </p>
        )}
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          Encoder for exports
          <select
            value={settings?.encoder ?? 'auto'}
            disabled={!settings}
            onChange={(e) =>
              saving(() => studio.api['settings.update']({ encoder: e.target.value as EncoderSetting }))
                .then(setSettings)
                .catch(toastError)
            }
            className="max-w-sm rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100"
          >
            {choices.map((c) => (
              <option key={c} value={c}>
                {encoderLabels[c]}
              </option>
            ))}
          </select>
        </label>
      </Card>
      <Card title="Updates and reports" id="updates">
        <SupportCard settings={settings} onSettings={setSettings} logDir={storage?.logDir ?? null} />
      </Card>
      <Card title="Library">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-ink-300">Data folder</dt>
          <dd className="break-all font-mono text-xs" data-testid="data-dir">
            {storage?.dataDir ?? '…'}
          </dd>
          <dt className="text-ink-300">Size</dt>
          <dd>{storage ? formatBytes(storage.totalBytes) : '…'}</dd>
          <dt className="text-ink-300">Photos and videos</dt>
          <dd>{storage ? formatBytes(storage.mediaBytes) : '…'}</dd>
          <dt className="text-ink-300">Projects in the trash</dt>
          <dd>{storage?.trashProjects ?? '…'}</dd>
        </dl>
        <div>
          <Button onClick={() => void clearCache()} disabled={busy !== null}>
            {busy === 'cache' ? 'Clearing…' : 'Clear cache'}
          </Button>
          <p className="mt-1 text-xs text-ink-300">Removes temporary files and media no clip uses. Every project, even one in the trash, stays as it is.</p>
        </div>
        <div className="border-t border-ink-800 pt-3">
          {confirmingTrash ? (
            <div
              role="group"
              aria-label="Empty the trash?"
              className="flex flex-col items-start gap-2 rounded-md border border-red-500/30 bg-red-950/40 p-3"
              onKeyDown={(e) => e.key === 'Escape' && setConfirmingTrash(false)}
            >
              <p className="text-sm text-red-100">
                Delete {plural(trashed, 'project')} in the trash for good? Their clips and videos go too. This cannot be undone.
              </p>
              <div className="flex gap-2">
                <Button variant="danger" autoFocus onClick={() => void emptyTrash()}>
                  Delete {plural(trashed, 'project')} for good
                </Button>
                <Button variant="ghost" onClick={() => setConfirmingTrash(false)}>
                  Keep them
                </Button>
              </div>
            </div>
          ) : (
            <>
              <Button variant="danger" onClick={() => setConfirmingTrash(true)} disabled={busy !== null || trashed === 0}>
                {busy === 'trash' ? 'Emptying…' : 'Empty trash…'}
              </Button>
              <p className="mt-1 text-xs text-ink-300">
                {trashed === 0 ? 'The trash is empty.' : `${plural(trashed, 'deleted project')} waiting here. Emptying the trash deletes them for good.`}
              </p>
            </>
          )}
        </div>
      </Card>
    </main>
  );
}
