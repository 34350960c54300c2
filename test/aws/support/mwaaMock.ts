/**
 * aws-sdk-client-mock for client-mwaa 3.523.0. That client is typed against @smithy/types 2.x,
 * aws-sdk-client-mock against 4.x, and their MiddlewareStack types no longer line up, so the
 * client and each command class are re-typed here (runtime objects are untouched). The input and
 * output types of each command are kept, so `.on(...).resolves(...)` stays checked.
 */
import { MWAAClient, type ListEnvironmentsCommandOutput } from '@aws-sdk/client-mwaa';
import { mockClient, type AwsCommand, type AwsStub } from 'aws-sdk-client-mock';

/** `$metadata`, as both type generations spell it. */
type Bearer = Pick<ListEnvironmentsCommandOutput, '$metadata'>;

/** The output type of an SDK command instance. */
type OutputOf<C> = C extends { resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }> } ? O : never;

/** A client-mwaa command class, re-typed for aws-sdk-client-mock and its jest matchers. */
export function mwaaCommand<C extends new (input: never) => { input: object }>(
  ctor: C,
): new (input: InstanceType<C>['input']) => AwsCommand<InstanceType<C>['input'], OutputOf<InstanceType<C>> & Bearer> {
  return ctor as unknown as new (input: InstanceType<C>['input']) => AwsCommand<InstanceType<C>['input'], OutputOf<InstanceType<C>> & Bearer>;
}

/** Stubs `send` on every MWAAClient instance. */
export function mockMwaaClient(): AwsStub<object, Bearer, unknown> {
  return mockClient<object, Bearer, unknown>(MWAAClient as never);
}

/** The second argument of a recorded `send` call (the HTTP handler options). */
export function sendOptionsOf(call: { args: unknown[] }): unknown {
  return call.args[1];
}
