// Starts a seeded `arcade serve` on a free loopback port for the suite, and stops it.
//
//   ARCADE_BIN        the server binary (default ../target/release/arcade, relative to end2end/)
//   LEPTOS_SITE_ROOT  the built site with pkg/ (default ../target/site)

import { spawn, execFile } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(E2E_DIR, '..');
export const RESULTS_DIR = path.join(E2E_DIR, 'test-results');

const run = promisify(execFile);

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `arcade admin create --email …`, giving the password on standard input as an operator would. */
function createAdmin(bin, databaseUrl, env, { email, password }) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['admin', 'create', '--email', email, '--database-url', databaseUrl], {
      cwd: REPO_DIR,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`arcade admin create exited ${code}: ${out}`))));
    child.stdin.end(`${password}\n`);
  });
}

/**
 * Seeds the benchmark data set into a fresh SQLite file and starts the server on it.
 * `options.admin` ({ email, password }) also creates a platform admin first.
 * Returns { port, origin(host), stop(), logFile }.
 */
export async function startServer(options = {}) {
  const bin = path.resolve(E2E_DIR, process.env.ARCADE_BIN || '../target/release/arcade');
  const siteRoot = path.resolve(E2E_DIR, process.env.LEPTOS_SITE_ROOT || '../target/site');
  if (!existsSync(bin)) {
    throw new Error(`no server binary at ${bin}: run \`cargo leptos build --release\` first or set ARCADE_BIN`);
  }
  if (!existsSync(path.join(siteRoot, 'pkg'))) {
    throw new Error(`no built site at ${siteRoot} (pkg/ missing): run \`cargo leptos build --release\` or set LEPTOS_SITE_ROOT`);
  }

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'arcade-e2e-'));
  const databaseUrl = `sqlite://${tmp}/e2e.db`;
  // The caller's DATABASE_URL / ARCADE_* must not leak into the server under test.
  const env = { ...process.env, LEPTOS_SITE_ROOT: siteRoot, ARCADE_LOG: process.env.ARCADE_LOG || 'warn' };
  for (const k of Object.keys(env)) {
    if (k === 'DATABASE_URL' || (k.startsWith('ARCADE_') && k !== 'ARCADE_LOG' && k !== 'ARCADE_BIN')) delete env[k];
  }

  try {
    await run(bin, ['seed', '--bench', '--database-url', databaseUrl], { cwd: REPO_DIR, env, timeout: 180_000 });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw new Error(`\`arcade seed --bench\` failed: ${e.message}\n${e.stderr ?? ''}`);
  }

  if (options.admin) {
    try {
      await createAdmin(bin, databaseUrl, env, options.admin);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  await mkdir(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, 'server.log');
  const log = createWriteStream(logFile);
  let tail = '';
  const keep = (chunk) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };

  const port = await freePort();
  const child = spawn(
    bin,
    [
      'serve',
      '--database-url', databaseUrl,
      '--platform-domain', 'platform.test',
      '--addr', `127.0.0.1:${port}`,
      '--uploads-dir', path.join(tmp, 'uploads'),
    ],
    { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  // If the runner dies without reaching `after`, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const done = await Promise.race([exitPromise, sleep(5000).then(() => null)]);
      if (!done) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    await new Promise((r) => log.end(r));
    await rm(tmp, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`the server exited during start (${JSON.stringify(exited)}):\n${tail}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`GET /health did not answer within 30 s:\n${tail}`);
    }
    await sleep(100);
  }

  return {
    port,
    /** `http://{host}:{port}` */
    origin: (host) => `http://${host}:${port}`,
    stop,
    logFile,
  };
}
