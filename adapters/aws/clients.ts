/**
 * Builds the SDK clients the adapter uses: one IAM client (IAM is global) and one MWAA and one EC2
 * client per region, created on first use and cached, each with its own HTTP handler and timeouts,
 * and each with the answer check of `answerCheck.ts` (a 200 that cannot be AWS's is refused).
 * Callers may inject their own clients; those get the answer check too when they expose their
 * middleware stack.
 */
import { MWAAClient } from '@aws-sdk/client-mwaa';
import { IAMClient } from '@aws-sdk/client-iam';
import { EC2Client } from '@aws-sdk/client-ec2';
import { installAnswerCheck, type AnswerCheckStack, type AnswerProtocol } from './answerCheck';
import { httpTimeouts, timedHttpHandler } from './httpHandler';
import { installNewFieldsMiddleware } from './newFields';
import { iamHomeRegion } from '../../domain/partitions';

/** The part of an MWAA client the adapter uses (the middleware stack carries the 3.523.0 gap fix). */
export type MwaaClientLike = Pick<MWAAClient, 'send' | 'middlewareStack'>;
/**
 * The part of an IAM client the adapter uses. When the middleware stack is there, the adapter adds
 * its answer check to it; without it (a stub with `send` only) answers go unchecked.
 */
export type IamClientLike = Pick<IAMClient, 'send'> & Partial<Pick<IAMClient, 'middlewareStack'>>;
/** The part of an EC2 client the adapter uses (the middleware stack as for {@link IamClientLike}). */
export type Ec2ClientLike = Pick<EC2Client, 'send'> & Partial<Pick<EC2Client, 'middlewareStack'>>;

/** Static AWS credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Credentials, or a function that resolves them (called by the SDK whenever it needs them). */
export type AwsCredentialsOption = AwsCredentials | (() => Promise<AwsCredentials>);

/** How to reach AWS; every field is optional. */
export interface AwsClientOptions {
  /**
   * The account's home region: it picks IAM's partition (`cn-*`, `us-gov-*`) and receives the
   * account-wide calls (EC2 DescribeRegions); the other calls take their region per call.
   * Default: `us-east-1`.
   */
  region?: string;
  /** Credentials; default: the SDK's default provider chain (env, profile, SSO, IMDS, ...). */
  credentials?: AwsCredentialsOption;
  /** Endpoint overrides (e.g. an emulator such as `http://127.0.0.1:5000`). */
  endpoints?: { mwaa?: string; iam?: string; ec2?: string };
  /**
   * Pre-built clients; they are used as given, except that the adapter adds its middlewares to
   * their stacks: the MWAA new-fields fix, and on all three the answer check, which only records
   * its verdict for the adapter's own calls (the client's other callers see no change).
   */
  clients?: {
    mwaa?: (region: string) => MwaaClientLike;
    iam?: IamClientLike;
    ec2?: (region: string) => Ec2ClientLike;
  };
  /** Total tries per call, including the first (SDK standard retry strategy). Default: the SDK's (3). */
  maxAttempts?: number;
  /**
   * How long one attempt may wait for the response to start, and then between two chunks of it,
   * before it fails as `Unavailable` (retryable). Default 30 000 (30 s).
   * Applies to the clients the adapter builds, not to injected ones.
   */
  requestTimeoutMs?: number;
  /** How long one attempt may take to open its connection before it fails as `Unavailable`. Default 5 000 (5 s). */
  connectTimeoutMs?: number;
}

/** Lazily created, cached clients. */
export interface AwsClients {
  /** The MWAA client for `region`. */
  mwaa(region: string): MwaaClientLike;
  /** The IAM client (global). */
  iam(): IamClientLike;
  /** The EC2 client for `region`. */
  ec2(region: string): Ec2ClientLike;
  /** Closes the sockets of the clients this object created (injected clients are left alone). */
  destroy(): void;
}

/**
 * The region IAM requests are signed for: IAM is global per partition, so the home region of the
 * default region's partition (`us-east-1`, `cn-north-1` in China, `us-gov-west-1` in GovCloud).
 */
export function iamSigningRegion(defaultRegion: string | undefined): string {
  return iamHomeRegion(defaultRegion ?? 'us-east-1');
}

/** Builds the client factory for the given options. */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const shared = {
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  };
  // Resolved now, so a bad value fails here rather than on the first call.
  const timeouts = httpTimeouts(options);
  /** What every client the adapter builds gets, with a handler of its own (see {@link timedHttpHandler}). */
  const common = () => ({ ...shared, requestHandler: timedHttpHandler(timeouts) });
  const owned: Array<{ destroy(): void }> = [];
  const mwaaClients = new Map<string, MwaaClientLike>();
  const ec2Clients = new Map<string, Ec2ClientLike>();
  let iamClient: IamClientLike | undefined;

  const own = <C extends { destroy(): void }>(client: C): C => {
    owned.push(client);
    return client;
  };
  /** Adds the answer check to a client's stack, when it has one (once per stack). */
  const checked = <C extends { middlewareStack?: AnswerCheckStack }>(client: C, protocol: AnswerProtocol): C => {
    if (client.middlewareStack !== undefined) installAnswerCheck(client.middlewareStack, protocol);
    return client;
  };

  return {
    mwaa(region) {
      let client = mwaaClients.get(region);
      if (client === undefined) {
        const endpoint = options.endpoints?.mwaa;
        client =
          options.clients?.mwaa?.(region) ??
          own(
            new MWAAClient({
              ...common(),
              region,
              // MWAA operations carry the `api.` host prefix; an emulator or proxy endpoint must not get it.
              ...(endpoint === undefined ? {} : { endpoint, disableHostPrefix: true }),
            }),
          );
        installNewFieldsMiddleware(client.middlewareStack);
        checked(client, 'restJson1');
        mwaaClients.set(region, client);
      }
      return client;
    },
    iam() {
      iamClient ??= checked(
        options.clients?.iam ??
          own(
            new IAMClient({
              ...common(),
              region: iamSigningRegion(options.region),
              ...(options.endpoints?.iam === undefined ? {} : { endpoint: options.endpoints.iam }),
            }),
          ),
        'awsQuery',
      );
      return iamClient;
    },
    ec2(region) {
      let client = ec2Clients.get(region);
      if (client === undefined) {
        client =
          options.clients?.ec2?.(region) ??
          own(
            new EC2Client({
              ...common(),
              region,
              ...(options.endpoints?.ec2 === undefined ? {} : { endpoint: options.endpoints.ec2 }),
            }),
          );
        checked(client, 'ec2Query');
        ec2Clients.set(region, client);
      }
      return client;
    },
    destroy() {
      for (const client of owned.splice(0)) client.destroy();
      mwaaClients.clear();
      ec2Clients.clear();
      iamClient = undefined;
    },
  };
}
