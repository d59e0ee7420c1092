interface ProgressBarProps {
  /** 0-100. */
  percent: number;
  label: string;
  tone?: 'accent' | 'amber' | 'sky';
  className?: string;
}

const tones = { accent: 'bg-accent-400', amber: 'bg-amber-400', sky: 'bg-sky-400' };

/** A thin progress bar that looks the same everywhere (the native <progress> ignores the theme in Chromium). */
export function ProgressBar({ percent, label, tone = 'accent', className = '' }: ProgressBarProps) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      className={`h-1.5 overflow-hidden rounded-full bg-ink-700 ${className}`}
    >
      <div className={`h-full rounded-full transition-[width] duration-300 ease-out ${tones[tone]}`} style={{ width: `${value}%` }} />
    </div>
  );
}
