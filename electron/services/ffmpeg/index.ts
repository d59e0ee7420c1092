export { locateFfmpeg, clearFfmpegLocationCache, INSTALL_HINT, type FfmpegLocation, type LocateOptions } from './locate';
export { runFfmpeg, type RunFfmpegOptions, type RunFfmpegResult } from './runner';
export type { RunProgress } from './progress';
export { probeMedia, probeMediaFiles, MediaProbeError, type MediaInfo, type VideoInfo, type ProbeOptions } from './probe';
export { detectHardwareEncoders, resolveVideoEncoder, canEncodeWith, clearHardwareEncoderCache } from './hw-encoders';
export { FfmpegNotFoundError, FfmpegRunError, FfmpegAbortError, isAbortError } from './errors';
export { parseFfmpegVersion, supportsXfade, supportsStatsPeriod, type FfmpegVersion } from './version';
export { textSupport, type TextSupport } from './text-support';
