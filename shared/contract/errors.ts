/** Error codes every StudioApi caller can rely on, whatever the transport. */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'CANCELLED',
  'FORBIDDEN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface StudioErrorData {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
}

/** Thrown by services and by the typed client; carries a stable code and a readable message. */
export class StudioError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
    this.issues = issues;
  }

  toData(): StudioErrorData {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromData(data: StudioErrorData): StudioError {
    return new StudioError(data.code, data.message, data.issues);
  }
}

/** What every transport sends back for a call: never a thrown exception across the boundary. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: StudioErrorData };
