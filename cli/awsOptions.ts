/**
 * How the command line reaches AWS: `--region` (the home region, which also picks IAM's
 * partition), `--profile`, and `--endpoint-url` or `AWS_ENDPOINT_URL` for an emulator.
 */
import type { AwsPortsOptions } from '../adapters/aws';

/** The AWS options every command that calls AWS takes. */
export interface AwsFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

/**
 * The adapter's options for `flags`, with the environment's `AWS_REGION`/`AWS_DEFAULT_REGION`
 * and `AWS_ENDPOINT_URL` as fallbacks. The adapter takes no profile option, so the profile is
 * handed to the SDK's default credential chain through this process's `AWS_PROFILE`.
 */
export function awsPortsOptions(flags: AwsFlags, env: Readonly<Record<string, string | undefined>>): AwsPortsOptions {
  const region = flags.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const endpoint = flags.endpointUrl ?? env['AWS_ENDPOINT_URL'];
  if (flags.profile !== undefined) process.env['AWS_PROFILE'] = flags.profile;
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoints: { mwaa: endpoint, iam: endpoint, ec2: endpoint } } : {}),
  };
}
