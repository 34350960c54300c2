/**
 * Reads the code of the AwsError a port call rejects with.
 */
import { AwsError, type AwsErrorCode } from '../../../adapters/errors';

/** The code of the AwsError `work` rejects with; fails if it resolves or throws anything else. */
export async function codeOf(work: Promise<unknown>): Promise<AwsErrorCode> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error.code;
}
