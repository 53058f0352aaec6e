// The SSH connector: one node-ssh connection per host for a whole run, host keys checked against known_hosts,
// ~/.ssh/config honoured (HostName, User, Port, IdentityFile, ProxyJump), ssh-agent, become through sudo with
// the password on stdin only.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NodeSSH, type Config as NodeSshConfig } from 'node-ssh';
import SSHConfig from 'ssh-config';
import type { ClientChannel } from 'ssh2';
import type { HostSpec } from '../inventory/types.js';
import { checkHostKey, fingerprint, knownHostsName, recordHostKey } from './known-hosts.js';

import { onInterrupt } from '../runner/interrupt.js';
import { shq } from './quote.js';
import type { HostConnection, RunOptions, RunResult, StreamHandle } from './types.js';

export type ConnectFailure = 'unreachable' | 'host-key' | 'auth';

/** Why a host could not be reached; the runner reports these hosts as "unreachable". */
export class ConnectError extends Error {
  constructor(
    readonly host: string,
    readonly kind: ConnectFailure,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

export interface ConnectOptions {
  /** record keys of hosts not yet in known_hosts (OpenSSH's accept-new); a changed key is still refused */
  acceptNewHostKeys?: boolean;
  /** ssh client config file; default ~/.ssh/config */
  sshConfigFile?: string;
  /** sudo password asked at the terminal (--ask-become-pass); the inventory's own source wins */
  becomePassword?: string;
  /** called with every remote command when -v is on */
  trace?: (host: string, command: string, result?: RunResult) => void;
}

export interface Endpoint {
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  proxyJump?: string;
}

function expandHome(p: string): string {
  return p.startsWith('~/') ? join(homedir(), p.slice(2)) : p;
}

/** Inventory values win; ~/.ssh/config fills what the inventory leaves open. */
function resolveEndpoint(host: HostSpec, configFile: string): Endpoint {
  const ep: Endpoint = {
    address: host.address,
    port: host.ssh.port,
    user: host.ssh.user,
    identityFile: host.ssh.identityFile,
    proxyJump: host.ssh.proxyJump,
  };
  if (!existsSync(configFile)) return ep;
  const computed = SSHConfig.parse(readFileSync(configFile, 'utf8')).compute(host.name, {
    ignoreCase: true,
  }) as Record<string, string | string[] | undefined>;
  const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  const hostname = first(computed.hostname);
  if (hostname && hostname !== host.name && host.address === host.name) ep.address = hostname;
  ep.identityFile ??= first(computed.identityfile);
  ep.proxyJump ??= first(computed.proxyjump);
  return ep;
}

/**
 * The jump host of a ProxyJump `[user@]host[:port]`, its alias resolved through the ssh client config (HostName,
 * User, Port, IdentityFile) like OpenSSH does; what neither says comes from the target. One hop only: a chain
 * `a,b` is refused rather than silently shortened to its first hop.
 */
export function resolveJump(hostName: string, spec: string, target: Endpoint, configFile: string): Endpoint {
  if (spec.includes(',')) {
    throw new ConnectError(
      hostName,
      'unreachable',
      `${hostName}: ProxyJump "${spec}" has several hops; vipctl supports one jump host`,
      'use one jump host (ssh.proxy_jump: bastion), or run vipctl from a machine one hop from the hosts',
    );
  }
  const m = /^(?:([^@\s]+)@)?([^:@\s]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m) throw new ConnectError(hostName, 'unreachable', `${hostName}: cannot read ProxyJump "${spec}"`);
  const alias = m[2]!;
  const computed = existsSync(configFile)
    ? (SSHConfig.parse(readFileSync(configFile, 'utf8')).compute(alias, { ignoreCase: true }) as Record<
        string,
        string | string[] | undefined
      >)
    : {};
  const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  const port = m[3] ?? first(computed.port);
  return {
    address: first(computed.hostname) ?? alias,
    port: port ? Number(port) : 22,
    user: m[1] ?? first(computed.user) ?? target.user,
    identityFile: first(computed.identityfile) ?? target.identityFile,
  };
}

function classify(host: string, err: Error & { level?: string; code?: string }): ConnectError {
  if (err instanceof ConnectError) return err;
  const msg = err.message;
  if (err.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
    return new ConnectError(
      host,
      'auth',
      `${host}: SSH authentication failed (${msg})`,
      'check ssh.user and ssh.identity_file, or ssh-agent',
    );
  }
  return new ConnectError(host, 'unreachable', `${host}: cannot connect: ${msg}`);
}

async function open(
  name: string,
  ep: Endpoint,
  knownHostsFile: string,
  timeoutMs: number,
  opts: ConnectOptions,
  sock?: NodeSshConfig['sock'],
): Promise<NodeSSH> {
  const ssh = new NodeSSH();
  const khName = knownHostsName(ep.address, ep.port);
  let keyProblem: ConnectError | undefined;
  const identity = ep.identityFile ? expandHome(ep.identityFile) : undefined;
  if (identity && !existsSync(identity)) {
    throw new ConnectError(
      name,
      'auth',
      `${name}: identity file ${identity} does not exist`,
      'fix ssh.identity_file in the inventory',
    );
  }
  const config: NodeSshConfig = {
    host: ep.address,
    port: ep.port,
    username: ep.user,
    readyTimeout: timeoutMs,
    keepaliveInterval: 5000,
    keepaliveCountMax: 3,
    agent: process.env.SSH_AUTH_SOCK,
    sock,
    hostVerifier: (key: Buffer): boolean => {
      const verdict = checkHostKey(knownHostsFile, khName, key);
      if (verdict === 'trusted') return true;
      const fp = fingerprint(key.toString('base64'));
      if (verdict === 'unknown' && opts.acceptNewHostKeys) {
        recordHostKey(knownHostsFile, khName, key);
        return true;
      }
      keyProblem =
        verdict === 'unknown'
          ? new ConnectError(
              name,
              'host-key',
              `${name}: host key for ${khName} is not in ${knownHostsFile} (${fp})`,
              `check the fingerprint, then add it with \`ssh-keyscan -p ${ep.port} ${ep.address} >> ${knownHostsFile}\` or run with --accept-new-host-keys`,
            )
          : new ConnectError(
              name,
              'host-key',
              `${name}: HOST KEY CHANGED for ${khName}: it now presents ${fp}, which does not match ${knownHostsFile} (${verdict}). Someone may be intercepting the connection, or the host was reinstalled.`,
              `if the change is expected, remove the old entry with \`ssh-keygen -R ${khName} -f ${knownHostsFile}\``,
            );
      return false;
    },
  };
  if (identity) config.privateKeyPath = identity;
  try {
    await ssh.connect(config);
  } catch (err) {
    throw keyProblem ?? classify(name, err as Error);
  }
  return ssh;
}

/** Connects to a host; throws ConnectError when it cannot be reached, authenticated or trusted. */
export async function connectHost(host: HostSpec, opts: ConnectOptions = {}): Promise<HostConnection> {
  const configFile = opts.sshConfigFile ?? join(homedir(), '.ssh', 'config');
  const ep = resolveEndpoint(host, configFile);
  const knownHostsFile = expandHome(host.ssh.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts'));
  let jump: NodeSSH | undefined;
  let sock: NodeSshConfig['sock'];
  if (ep.proxyJump) {
    const j = resolveJump(host.name, ep.proxyJump, ep, configFile);
    jump = await open(
      `${host.name} (via ${ep.proxyJump})`,
      j,
      knownHostsFile,
      host.ssh.connectTimeoutMs,
      opts,
    );
    sock = await new Promise<ClientChannel>((resolve, reject) =>
      jump!.connection!.forwardOut('127.0.0.1', 0, ep.address, ep.port, (err, stream) =>
        err ? reject(classify(host.name, err)) : resolve(stream),
      ),
    );
  }
  const ssh = await open(host.name, ep, knownHostsFile, host.ssh.connectTimeoutMs, opts, sock);
  return new SshConnection(host, ep.user, ssh, jump, opts);
}

/** How a command runs as root: as is (root login, no become), `sudo -n`, or `sudo -S` with the password on stdin. */
export type BecomeMode = 'none' | 'sudo' | 'sudo-password';

/**
 * The command line and stdin prefix for one command. The password is sent only when sudo will read it (probed
 * once per host), and `-k` makes sudo read it even where a cached ticket would let it skip: a password line never
 * reaches the command's own stdin.
 */
export function becomeCommand(
  command: string,
  mode: BecomeMode,
  password?: string,
): { command: string; stdinPrefix: string } {
  if (mode === 'none') return { command, stdinPrefix: '' };
  if (mode === 'sudo' || password === undefined)
    return { command: `sudo -n sh -c ${shq(command)}`, stdinPrefix: '' };
  // -S reads the password from stdin; -p '' keeps its prompt out of stderr.
  return { command: `sudo -k -S -p '' sh -c ${shq(command)}`, stdinPrefix: `${password}\n` };
}

/**
 * The shell script behind put(): temp file beside the target, then rename, so readers never see half a file; the
 * temp file (and `source`, a staging copy) is removed on every exit path, success, failure or signal, and a short
 * upload (fewer than `bytes`) never replaces the target.
 */
export function putScript(path: string, mode: string, bytes: number, source?: string): string {
  const p = shq(path);
  const extra = source ? ` ${shq(source)}` : '';
  return [
    'set -e',
    'umask 077',
    't=',
    `trap 'rm -f -- "$t"${extra.replace(/'/g, `'\\''`)}' EXIT`,
    "trap 'exit 130' HUP INT TERM",
    `mkdir -p -- "$(dirname -- ${p})"`,
    `t=$(mktemp -- ${shq(`${path}.vipctl.XXXXXX`)})`,
    source ? `cat -- ${shq(source)} > "$t"` : 'cat > "$t"',
    // a connection dropped mid-upload ends cat early: half a file never goes live
    `[ "$(wc -c < "$t")" -eq ${bytes} ] || { echo "upload incomplete" >&2; exit 1; }`,
    `chmod ${mode} -- "$t"`,
    `mv -f -- "$t" ${p}`,
  ].join('; ');
}

class SshConnection implements HostConnection {
  private closeListeners: ((err?: Error) => void)[] = [];
  private closedByUs = false;
  connected = true;

  constructor(
    private readonly spec: HostSpec,
    private readonly user: string,
    private readonly ssh: NodeSSH,
    private readonly jump: NodeSSH | undefined,
    private readonly opts: ConnectOptions,
  ) {
    const client = ssh.connection!;
    let lastError: Error | undefined;
    client.on('error', (err: Error) => (lastError = err));
    client.on('close', () => {
      this.connected = false;
      if (this.closedByUs) return;
      for (const l of this.closeListeners) l(lastError ?? new Error(`${spec.name}: SSH connection dropped`));
    });
  }

  get host(): string {
    return this.spec.name;
  }

  private sudoPassword(): string | undefined {
    return this.spec.become.password?.reveal() ?? this.opts.becomePassword;
  }

  private sudoAsks?: Promise<boolean>;

  /** sudo only when asked for, the login user is not root and the inventory allows it; probed once per host. */
  private async becomeMode(become: boolean | undefined): Promise<BecomeMode> {
    if (!become || this.user === 'root' || !this.spec.become.enabled) return 'none';
    if (this.sudoPassword() === undefined) return 'sudo';
    // NOPASSWD (or no sudo at all): sudo -n succeeds without reading anything, so no password is sent.
    this.sudoAsks ??= this.ssh.execCommand('sudo -n true').then(
      (r) => r.code !== 0,
      () => true,
    );
    return (await this.sudoAsks) ? 'sudo-password' : 'sudo';
  }

  private async wrap(
    command: string,
    become: boolean | undefined,
  ): Promise<{ command: string; stdinPrefix: string }> {
    const mode = await this.becomeMode(become);
    return becomeCommand(command, mode, mode === 'sudo-password' ? this.sudoPassword() : undefined);
  }

  async run(command: string, options: RunOptions = {}): Promise<RunResult> {
    const { command: cmd, stdinPrefix } = await this.wrap(command, options.become);
    const stdin =
      stdinPrefix || options.stdin !== undefined ? stdinPrefix + (options.stdin ?? '') : undefined;
    const exec = this.ssh.execCommand(cmd, { stdin });
    const timeout = options.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const result = await (
      timeout
        ? Promise.race([
            exec,
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`${this.host}: command timed out after ${timeout / 1000}s`)),
                timeout,
              );
            }),
          ])
        : exec
    ).finally(() => clearTimeout(timer));
    const r: RunResult = {
      code: result.code,
      signal: result.signal,
      stdout: result.stdout,
      stderr: result.stderr,
    };
    this.opts.trace?.(this.host, command, r);
    return r;
  }

  async put(content: string, path: string, options: { mode?: number; become?: boolean } = {}): Promise<void> {
    const mode = (options.mode ?? 0o644).toString(8);
    if ((await this.becomeMode(options.become)) === 'sudo-password') {
      // sudo reads its password from stdin, so the content travels through a private temp file instead, removed
      // by the script on every exit path, and by the interrupt hook if we are stopped before the script runs.
      const tmp = (await this.run('umask 077; mktemp /tmp/vipctl.XXXXXX')).stdout.trim();
      if (!/^\/tmp\/vipctl\.[A-Za-z0-9]+$/.test(tmp))
        throw new Error(`${this.host}: could not make a temp file in /tmp`);
      const removeHook = onInterrupt(async () => void (await this.run(`rm -f -- ${shq(tmp)}`)));
      try {
        const up = await this.run(`cat > ${shq(tmp)}`, { stdin: content });
        if (up.code !== 0) throw new Error(`${this.host}: uploading ${path} failed: ${up.stderr.trim()}`);
        const r = await this.run(putScript(path, mode, Buffer.byteLength(content), tmp), { become: true });
        if (r.code !== 0) throw new Error(`${this.host}: writing ${path} failed: ${r.stderr.trim()}`);
      } finally {
        removeHook();
        // the script removes it; this covers a failure before the script ran (login user's own file)
        await this.run(`rm -f -- ${shq(tmp)}`).catch(() => undefined);
      }
      return;
    }
    const r = await this.run(putScript(path, mode, Buffer.byteLength(content)), {
      stdin: content,
      become: options.become,
    });
    if (r.code !== 0) throw new Error(`${this.host}: writing ${path} failed: ${r.stderr.trim()}`);
  }

  stream(command: string, onLine: (line: string) => void, options: RunOptions = {}): StreamHandle {
    let channel: ClientChannel | undefined;
    let stopped = false;
    let out = '';
    let err = '';
    const done = this.wrap(command, options.become).then(
      ({ command: cmd, stdinPrefix }) =>
        new Promise<RunResult>((resolve, reject) => {
          this.ssh.connection!.exec(cmd, (e, ch) => {
            if (e) return reject(e);
            channel = ch;
            if (stopped) {
              ch.close();
            }
            let buf = '';
            ch.on('data', (c: Buffer) => {
              buf += c.toString();
              out += c.toString();
              let i: number;
              while ((i = buf.indexOf('\n')) >= 0) {
                onLine(buf.slice(0, i));
                buf = buf.slice(i + 1);
              }
            });
            ch.stderr.on('data', (c: Buffer) => (err += c.toString()));
            let code: number | null = null;
            let signal: string | null = null;
            ch.on('exit', (c: number | null, s?: string) => {
              code = c;
              signal = s ?? null;
            });
            ch.on('close', () => resolve({ code, signal, stdout: out, stderr: err }));
            // Without stdin of its own the channel's stdin stays open: a command may hold something (a lock) until
            // the channel closes. The sudo password alone is written, not followed by end-of-file.
            if (options.stdin !== undefined) ch.end(stdinPrefix + options.stdin);
            // Two empty lines after it make a wrong password fail sudo's remaining tries at once instead of waiting
            // on the open stdin for ever; with a right one they reach the command, which has no stdin use.
            else if (stdinPrefix) ch.write(`${stdinPrefix}\n\n`);
          });
        }),
    );
    return {
      done,
      stop: async () => {
        stopped = true;
        if (!channel) return;
        channel.signal('TERM');
        channel.close();
        await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
      },
    };
  }

  onClose(listener: (err?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closedByUs = true;
    this.ssh.dispose();
    this.jump?.dispose();
    this.connected = false;
  }
}
