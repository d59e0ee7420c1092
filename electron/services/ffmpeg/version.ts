export interface FfmpegVersion {
  /** The version string as printed, e.g. "5.1.9-0+deb12u1" or "N-112233-gabcdef". */
  raw: string;
  major: number | null;
  minor: number | null;
  /** libavfilter major.minor, the fallback for git builds without a release number. */
  libavfilter: { major: number; minor: number } | null;
}

/** Parses the output of `ffmpeg -version`. */
export function parseFfmpegVersion(output: string): FfmpegVersion {
  const line = /ffmpeg version (\S+)/.exec(output);
  const raw = line?.[1] ?? 'unknown';
  // Release builds: "5.1.9-0+deb12u1", "n6.0", "6.1.1-static", "4.3.2-0york0~18.04".
  const release = /^n?(\d+)\.(\d+)/.exec(raw);
  const lavfi = /libavfilter\s+(\d+)\.\s*(\d+)\./.exec(output);
  return {
    raw,
    major: release ? Number(release[1]) : null,
    minor: release ? Number(release[2]) : null,
    libavfilter: lavfi ? { major: Number(lavfi[1]), minor: Number(lavfi[2]) } : null,
  };
}

/** xfade arrived in FFmpeg 4.3 (libavfilter 7.85). */
export function supportsXfade(v: FfmpegVersion): boolean {
  if (v.major !== null && v.minor !== null) return v.major > 4 || (v.major === 4 && v.minor >= 3);
  if (v.libavfilter) return v.libavfilter.major > 7 || (v.libavfilter.major === 7 && v.libavfilter.minor >= 85);
  return false;
}

/** `-stats_period` (frequent progress updates) arrived in FFmpeg 4.4 (libavfilter 7.110). */
export function supportsStatsPeriod(v: FfmpegVersion): boolean {
  if (v.major !== null && v.minor !== null) return v.major > 4 || (v.major === 4 && v.minor >= 4);
  if (v.libavfilter) return v.libavfilter.major > 7 || (v.libavfilter.major === 7 && v.libavfilter.minor >= 110);
  return false;
}

/**
 * The flag that reads the filter graph from a file. FFmpeg 7.0 (libavfilter 10) added `-/opt file`
 * and deprecated -filter_complex_script, which later git builds dropped. Git builds print no
 * release number ("N-118000-g...", "2025-01-30-git-..."), so libavfilter decides there; a build
 * that says neither is taken as a recent git build.
 */
export function filterScriptFlag(v: Pick<FfmpegVersion, 'major' | 'libavfilter'>): '-/filter_complex' | '-filter_complex_script' {
  const modern = v.major !== null ? v.major >= 7 : v.libavfilter ? v.libavfilter.major >= 10 : true;
  return modern ? '-/filter_complex' : '-filter_complex_script';
}
