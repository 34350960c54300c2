/**
 * The command line as a user or a pipeline runs it, in a child process: every documented exit
 * code, results on stdout and diagnostics on stderr, a closed pipe, and Ctrl-C in the middle of a
 * run that then finds its state file saved.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { specFor } from '../support/world';
import { finished, plan, runCli, spawnCli, tmp, writeJson } from './helpers';

const version = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

describe('mwaa-lifecycle as a command', () => {
  it('prints its version and help on stdout with exit code 0, per command too', async () => {
    const [v, h, applyHelp] = await Promise.all([runCli(['-v']), runCli(['--help']), runCli(['apply', '--help'])]);
    expect(v).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Exit codes:');
    expect(applyHelp.code).toBe(0);
    expect(applyHelp.stdout).toContain('--plan <file>');
    expect(applyHelp.stderr).toBe('');
  });

  it('exits 2 with the problem on stderr for usage mistakes, and nothing on stdout', async () => {
    const [none, unknown, missing] = await Promise.all([runCli([]), runCli(['apply', '--plan', 'p.json', '--dry-rn']), runCli(['teardown'])]);
    for (const r of [none, unknown, missing]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(unknown.stderr).toContain("unknown option '--dry-rn'");
    expect(missing.stderr).toContain("required option '--plan <file>' not specified");
  });

  it('exits 0 when done, 1 when an environment fails and 3 while something uses the role', async () => {
    const dir = tmp();
    const good = writeJson(dir, 'good.json', plan);
    const failing = writeJson(dir, 'failing.json', {
      regions: ['eu-west-1'],
      environments: [{ region: 'eu-west-1', spec: specFor('alpha') }],
      simulator: { environmentPlans: [{ region: 'eu-west-1', name: 'alpha', plan: { createFails: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'no route' } } }] },
    });
    const inUse = writeJson(dir, 'in-use.json', { regions: ['eu-west-1'], environments: [], simulator: { roleExists: true, foreignEnvironments: [{ region: 'eu-west-1', spec: specFor('theirs') }] } });
    const [done, failed, blocked] = await Promise.all([
      runCli(['apply', '--plan', good, '--simulate']),
      runCli(['apply', '--plan', failing, '--simulate']),
      runCli(['delete-role', '--plan', inUse, '--simulate', '--force-role']),
    ]);
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toContain('eu-west-1/alpha: AVAILABLE');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('CREATE_FAILED INCORRECT_CONFIGURATION: no route');
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain('blocked by eu-west-1 environment theirs');
  });

  it('stops quietly when the reader of its output goes away', async () => {
    const child = spawnCli(['demo']);
    child.stdout?.once('data', () => child.stdout?.destroy());
    const result = await finished(child);
    expect(result.code).toBe(141);
    expect(result.stderr).toBe('');
  });

  describe('interrupted', () => {
    let server: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // An endpoint that accepts every connection and never answers: the run waits on its first call.
      server = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    });

    it('exits 130 on SIGINT, with the state file saved and its lock released', async () => {
      const port = (server.address() as { port: number }).port;
      const dir = tmp();
      const state = join(dir, 'state.json');
      const child = spawnCli(['apply', '--plan', writeJson(dir, 'plan.json', plan), '--state', state, '--endpoint-url', `http://127.0.0.1:${port}`], {
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
      });
      const result = finished(child);
      // Once a call is waiting on the endpoint, the run is mid-flight.
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (sockets.length > 0) {
            clearInterval(check);
            resolve();
          }
        }, 20);
      });
      child.kill('SIGINT');
      const { code, stderr } = await result;
      expect(code).toBe(130);
      expect(stderr).toContain('keeps the run for a later resume');
      expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ version: 2, command: 'apply', target: 'aws', snapshot: { status: 'active' } });
      expect(existsSync(`${state}.lock`)).toBe(false);
    });
  });
});
