/**
 * Raw IAM reads for the emulator suites, to observe what the service itself returns. It lives
 * under test/aws/ because only there may tests import @aws-sdk/*.
 */
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';

/** The AssumeRolePolicyDocument string exactly as GetRole returns it (credentials from the environment). */
export async function rawTrustPolicyDocument(endpoint: string, roleName: string): Promise<string | undefined> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint, maxAttempts: 1 });
  try {
    const out = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    return out.Role?.AssumeRolePolicyDocument;
  } finally {
    iam.destroy();
  }
}
