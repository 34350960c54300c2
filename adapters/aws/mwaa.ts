/**
 * The MWAA port on @aws-sdk/client-mwaa: one client per region, every call abortable, absent
 * environments as `null` (an unknown ARN in the tagging calls stays a `NotFound` error), every
 * failure an AwsError from the one table.
 */
import {
  CreateEnvironmentCommand,
  DeleteEnvironmentCommand,
  GetEnvironmentCommand,
  ListEnvironmentsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEnvironmentCommand,
  type CreateEnvironmentCommandInput,
  type UpdateEnvironmentCommandInput,
} from '@aws-sdk/client-mwaa';
import { AwsErrorCode, isAwsError } from '../errors';
import type { MwaaPort } from '../port';
import type { MwaaClientLike } from './clients';
import { callAws } from './errors';
import { createInputFromSpec, environmentFromSdk, updateInputFromUpdate } from './mwaaMapping';
import { collectPages } from './paginate';

/** ListEnvironments' largest page (the API accepts 1-25). */
export const LIST_ENVIRONMENTS_MAX_RESULTS = 25;

/** Options of {@link createMwaaPort}. */
export interface MwaaPortOptions {
  /** ListEnvironments page size, 1-25. Default 25. */
  pageSize?: number;
}

/** Builds the MWAA port over a per-region client source. */
export function createMwaaPort(clientFor: (region: string) => MwaaClientLike, options: MwaaPortOptions = {}): MwaaPort {
  const pageSize = Math.min(Math.max(1, options.pageSize ?? LIST_ENVIRONMENTS_MAX_RESULTS), LIST_ENVIRONMENTS_MAX_RESULTS);
  return {
    async createEnvironment(region, spec, signal) {
      // The input carries members 3.523.0 does not model; the newFields middleware sends them.
      const input = createInputFromSpec(spec) as CreateEnvironmentCommandInput;
      const out = await callAws('mwaa', 'createEnvironment', signal, (o) => clientFor(region).send(new CreateEnvironmentCommand(input), o));
      return { arn: out.Arn ?? '' };
    },

    async getEnvironment(region, name, signal) {
      try {
        const out = await callAws('mwaa', 'getEnvironment', signal, (o) =>
          clientFor(region).send(new GetEnvironmentCommand({ Name: name }), o),
        );
        return out.Environment === undefined ? null : environmentFromSdk(out.Environment, name);
      } catch (e) {
        // Only ResourceNotFoundException means "absent"; the DELETED-cannot-be-deleted row is delete-only.
        if (isAwsError(e, AwsErrorCode.NotFound) && e.awsName === 'ResourceNotFoundException') return null;
        throw e;
      }
    },

    async updateEnvironment(region, update, signal) {
      const input = updateInputFromUpdate(update) as UpdateEnvironmentCommandInput;
      const out = await callAws('mwaa', 'updateEnvironment', signal, (o) => clientFor(region).send(new UpdateEnvironmentCommand(input), o));
      return { arn: out.Arn ?? '' };
    },

    async deleteEnvironment(region, name, signal) {
      await callAws('mwaa', 'deleteEnvironment', signal, (o) => clientFor(region).send(new DeleteEnvironmentCommand({ Name: name }), o));
    },

    async listEnvironments(region, signal) {
      return collectPages(
        'mwaa',
        'listEnvironments',
        async (token) => {
          const out = await callAws('mwaa', 'listEnvironments', signal, (o) =>
            clientFor(region).send(new ListEnvironmentsCommand({ MaxResults: pageSize, ...(token === undefined ? {} : { NextToken: token }) }), o),
          );
          return { items: out.Environments ?? [], nextToken: out.NextToken };
        },
        signal,
      );
    },

    async tagResource(region, arn, tags, signal) {
      await callAws('mwaa', 'tagResource', signal, (o) =>
        clientFor(region).send(new TagResourceCommand({ ResourceArn: arn, Tags: { ...tags } }), o),
      );
    },

    async untagResource(region, arn, tagKeys, signal) {
      await callAws('mwaa', 'untagResource', signal, (o) =>
        clientFor(region).send(new UntagResourceCommand({ ResourceArn: arn, tagKeys: [...tagKeys] }), o),
      );
    },

    async listTagsForResource(region, arn, signal) {
      // Unlike getEnvironment, an unknown ARN stays a NotFound error: the caller named a resource it expects.
      const out = await callAws('mwaa', 'listTagsForResource', signal, (o) =>
        clientFor(region).send(new ListTagsForResourceCommand({ ResourceArn: arn }), o),
      );
      return { ...out.Tags };
    },
  };
}
