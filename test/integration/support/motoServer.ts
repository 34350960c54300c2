/**
 * Starts and stops a private moto_server (an independent AWS emulator) for one test file: a free
 * port on 127.0.0.1, wait until it answers, reset between tests, kill at the end. Missing
 * moto_server is an error, never a skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { freePort } from '../../support/freePort';
import { delimiter, join } from 'node:path';

/** A running moto_server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stops the server process. */
  stop(): Promise<void>;
}

/** The dummy credentials the integration tests put in the environment. */
export const MOTO_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

/** Sets {@link MOTO_ENV} and returns a function that restores the previous values. */
export function useMotoEnvironment(): () => void {
  const saved = Object.fromEntries(Object.keys(MOTO_ENV).map((k) => [k, process.env[k]]));
  Object.assign(process.env, MOTO_ENV);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts moto_server on a free port and resolves once it answers; throws a clear error if it cannot. */
export async function startMotoServer(timeoutMs = 30_000): Promise<MotoServer> {
  const binary = findOnPath('moto_server');
  if (binary === undefined) {
    throw new Error(
      'moto_server is not on PATH. The integration tests need it and do not skip: install it with ' +
        '`pip install "moto[server]"` (CI installs it too).',
    );
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal ?? 'unknown'}`));
  child.once('error', (e) => (exited = `failed to start: ${e.message}`));

  const stop = async (): Promise<void> => {
    if (exited !== undefined || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (exited !== undefined) throw new Error(`moto_server ${exited} before answering on ${endpoint}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }

  return {
    endpoint,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop,
  };
}

/**
 * Starts moto_server for the enclosing test file (dummy credentials in the environment meanwhile)
 * and stops it afterwards; the returned getter gives the running server.
 */
export function useMotoServer(): () => MotoServer {
  let moto: MotoServer | undefined;
  let restoreEnv: () => void = () => undefined;
  beforeAll(async () => {
    restoreEnv = useMotoEnvironment();
    moto = await startMotoServer();
  });
  afterAll(async () => {
    await moto?.stop();
    restoreEnv();
  });
  return () => {
    if (!moto) throw new Error('moto_server is not running: useMotoServer() must be called at the top of a test file');
    return moto;
  };
}
