export { compileTimeline, CompileInputError, type CompileDeps } from './compile';
export { buildFilterGraphCommand, commandArgs, type FfmpegCommand, type GraphBuildInput } from './graph';
export { buildStreamCopyCommand, canStreamCopy, concatList } from './fast-path';
export { planTimeline, TimelinePlanError, type TimelinePlan, type PlannedClip, type PlannedBoundary } from './plan';
export { clipMetaFromProbe, type ClipMeta } from './clip-meta';
export { fitFrame } from './geometry';
export { videoEncoderArgs, audioEncoderArgs } from './encoder-args';
