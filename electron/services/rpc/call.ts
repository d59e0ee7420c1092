import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index';
import { StudioError } from '../../../shared/contract/errors';
import { dispatch } from './dispatch';
import type { Handlers } from './handlers';

/** Calls a studio method in-process the way both transports do: through dispatch and the shared zod schemas. */
export async function callStudio<M extends MethodName>(handlers: Handlers, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatch(handlers, method, input, () => {});
  if (!result.ok) throw StudioError.fromData(result.error);
  return result.value as MethodOutput<M>;
}
