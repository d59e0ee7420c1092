/** How `echoes render` tells what it is doing: a bar on a terminal, plain lines in logs, JSON lines for scripts. */
export type Stage = 'import' | 'generate' | 'compile';

export interface RenderResult {
  output: string;
  durationS: number;
  sizeBytes: number;
  width: number;
  height: number;
  clips: number;
  warnings: number;
  /** The export's last word: "Done", or how much was copied rather than encoded. */
  export: string;
}

export interface Reporter {
  stage(stage: Stage, message: string): void;
  /** fraction 0-1 of the current stage. */
  progress(stage: Stage, fraction: number, detail?: string): void;
  warning(message: string, file?: string): void;
  info(message: string): void;
  result(result: RenderResult): void;
  error(message: string, exitCode: number): void;
  /** Ends any line a progress bar left open. */
  close(): void;
}

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const STAGE_LABEL: Record<Stage, string> = { import: 'Importing', generate: 'Animating', compile: 'Compiling' };

function formatResult(r: RenderResult): string {
  const mb = (r.sizeBytes / (1024 * 1024)).toFixed(1);
  const how = r.export.startsWith('Done: ') ? `; ${r.export.slice('Done: '.length)}` : '';
  return `Wrote ${r.output} (${r.clips} clips, ${r.durationS.toFixed(1)} s, ${r.width}x${r.height}, ${mb} MB${how})`;
}

export function jsonReporter({ stdout }: Streams): Reporter {
  const line = (event: Record<string, unknown>) => stdout.write(`${JSON.stringify(event)}\n`);
  return {
    stage: (stage, message) => line({ type: 'stage', stage, message }),
    progress: (stage, fraction, detail) => line({ type: 'progress', stage, progress: round(fraction), ...(detail ? { detail } : {}) }),
    warning: (message, file) => line({ type: 'warning', message, ...(file ? { file } : {}) }),
    info: (message) => line({ type: 'info', message }),
    result: (result) => line({ type: 'result', ...result }),
    error: (message, exitCode) => line({ type: 'error', message, exitCode }),
    close: () => {},
  };
}

/** One line per stage and per 10 % step: readable in CI logs and pipes. */
export function plainReporter({ stdout, stderr }: Streams): Reporter {
  let lastStep = -1;
  return {
    stage: (stage, message) => {
      lastStep = -1;
      stderr.write(`${STAGE_LABEL[stage]}: ${message}\n`);
    },
    progress: (stage, fraction) => {
      const step = Math.floor(fraction * 10);
      if (step === lastStep) return;
      lastStep = step;
      stderr.write(`${STAGE_LABEL[stage]} ${step * 10}%\n`);
    },
    warning: (message) => stderr.write(`warning: ${message}\n`),
    info: (message) => stderr.write(`${message}\n`),
    result: (result) => stdout.write(`${formatResult(result)}\n`),
    error: (message) => stderr.write(`error: ${message}\n`),
    close: () => {},
  };
}

/** A bar redrawn in place on stderr. */
export function ttyReporter({ stdout, stderr }: Streams, columns = 80): Reporter {
  let open = false;
  const endLine = () => {
    if (open) stderr.write('\n');
    open = false;
  };
  const draw = (stage: Stage, fraction: number, detail?: string) => {
    const width = Math.max(10, Math.min(40, columns - 40));
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const text = `${STAGE_LABEL[stage].padEnd(9)} [${bar}] ${String(Math.round(fraction * 100)).padStart(3)}%${detail ? ` ${detail}` : ''}`;
    stderr.write(`\r${text.slice(0, columns - 1)}\x1b[K`);
    open = true;
  };
  return {
    stage: (stage, message) => {
      endLine();
      stderr.write(`${STAGE_LABEL[stage]}: ${message}\n`);
      draw(stage, 0);
    },
    progress: draw,
    warning: (message) => {
      endLine();
      stderr.write(`warning: ${message}\n`);
    },
    info: (message) => {
      endLine();
      stderr.write(`${message}\n`);
    },
    result: (result) => {
      endLine();
      stdout.write(`${formatResult(result)}\n`);
    },
    error: (message) => {
      endLine();
      stderr.write(`error: ${message}\n`);
    },
    close: endLine,
  };
}

export function createReporter(json: boolean, streams: Streams & { isTTY?: boolean; columns?: number }): Reporter {
  if (json) return jsonReporter(streams);
  return streams.isTTY ? ttyReporter(streams, streams.columns) : plainReporter(streams);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
