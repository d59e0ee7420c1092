import type { MethodName, MethodOutput, ParsedInput } from '../../../shared/contract/index';
export type Handler<M extends MethodName> = (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;

/** One handler per StudioApi method; the type makes a missing one a compile error. */
export type Handlers = { [M in MethodName]: Handler<M> };
