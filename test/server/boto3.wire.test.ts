/**
 * Python's boto3 against `serve`: create, get, list with its paginator, update and delete of
 * environments, and the role operations (CreateServiceLinkedRole, GetRole,
 * DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus). Skipped, with the reason
 * printed, where `python3 -c "import boto3"` fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server';

const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
const why = (probe.error?.message ?? probe.stderr ?? '').trim().split('\n').pop() || `exit ${String(probe.status)}`;
const missing = probe.status === 0 ? null : `python3 cannot import boto3 (${why})`;
if (missing !== null) process.stdout.write(`boto3.wire.test.ts skipped: ${missing}\n`);
const describeBoto3 = missing === null ? describe : describe.skip;

function runPython(endpoint: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('python3', [join(__dirname, 'boto3_drive.py'), endpoint], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', PYTHONWARNINGS: 'default', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describeBoto3(`boto3 against serve${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, clock: { kind: 'manual' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates, gets, pages through, updates and deletes environments, and creates and deletes the role', async () => {
    const run = await runPython(server.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(seen).toMatchObject({
      createdRole: 'AWSServiceRoleForAmazonMWAA',
      getRole: 'arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA',
      trustPolicyService: 'airflow.amazonaws.com',
      createdArns: ['boto-a', 'boto-b', 'boto-c'].map((n) => `arn:aws:airflow:eu-west-1:123456789012:environment/${n}`),
      statusAfterCreate: 'CREATING',
      statusLater: 'AVAILABLE',
      pages: [['boto-a'], ['boto-b'], ['boto-c']],
      statusAfterUpdate: 'UPDATING',
      maxWorkersAfterUpdate: 5,
      missingEnvironment: ['ResourceNotFoundException', 404],
      roleInUse: ['UnmodifiableEntity', 400],
      afterDelete: [],
      deletionStatusLater: 'SUCCEEDED',
      roleAfterDeletion: ['NoSuchEntity', 404],
    });
    expect(seen['deletionTaskId']).toMatch(/^task\/aws-service-role\/airflow\.amazonaws\.com\/AWSServiceRoleForAmazonMWAA\//);
    expect(['NOT_STARTED', 'IN_PROGRESS']).toContain(seen['deletionStatusFirst']);
  }, 30_000);
});
