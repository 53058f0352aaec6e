// A scripted HostConnection for unit tests: answers the batched facts script from a state object, records every
// other command, and lets a test decide how each command ends (by regular expression).
import type { HostConnection, RunResult, StreamHandle } from '../../../src/ssh/types.js';

export interface FakeState {
  os?: string;
  packageManager?: 'apt-get' | 'dnf' | 'yum' | '';
  /** dpkg-query style lines: "keepalived 1:2.2.7-1 ii" */
  packages?: string[];
  aptListsAge?: number | '';
  init?: 'systemd' | 'sysv';
  service?: { active: boolean; enabled: boolean; pid: number };
  /** path → [sha256, mode] of files that exist */
  files?: Record<string, [string, string]>;
  /** markers in /run/vipctl/pending (handlers an earlier run never ran) */
  pending?: string[];
}

export interface Reply {
  match: RegExp;
  result: Partial<RunResult>;
}

const MARK = '@@vipctl-fact:';

export class FakeHost implements HostConnection {
  readonly commands: string[] = [];
  readonly puts: { path: string; content: string; mode?: number }[] = [];
  connected = true;
  /** how many times the batched facts script ran */
  factReads = 0;
  /** how many times the host lock was taken */
  locks = 0;

  constructor(
    readonly host: string,
    readonly state: FakeState = {},
    readonly replies: Reply[] = [],
  ) {}

  private factsOutput(script: string): string {
    const s = this.state;
    const svc = s.service ?? { active: false, enabled: false, pid: 0 };
    // The files fact lists paths in the order the script names them.
    const paths = [...script.matchAll(/if \[ -f '?([^' ]+)'? \]/g)].map((m) => m[1]!);
    const sections: Record<string, string> = {
      os: s.os ?? 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
      packageManager: s.packageManager ?? 'apt-get',
      packages: (s.packages ?? []).join('\n'),
      // The host's clock, then the lists' mtimes (none when there are no lists).
      aptListsAge: s.aptListsAge === '' ? '1000000' : `1000000\n${1000000 - (s.aptListsAge ?? 60)}`,
      init: s.init ?? 'systemd',
      service: `active=${svc.active ? 'active' : 'inactive'}\nenabled=${svc.enabled ? 'enabled' : 'disabled'}\npid=${svc.pid}`,
      files: paths
        // Two lines per path: the checksum, then mode and owner.
        .map((p) => (s.files?.[p] ? `${s.files[p]![0]}  -\n${s.files[p]![1]} root:root` : '-\n- -'))
        .join('\n'),
      addresses: '2: eth0    inet 10.10.10.51/24 brd 10.10.10.255 scope global eth0',
      pendingHandlers: (s.pending ?? []).join('\n'),
    };
    return Object.entries(sections)
      .map(([k, v]) => `${MARK}${k}\n${v}`)
      .join('\n');
  }

  async run(command: string): Promise<RunResult> {
    if (command.includes(MARK)) {
      this.factReads++;
      return { code: 0, stdout: this.factsOutput(command), stderr: '' };
    }
    this.commands.push(command);
    const reply = this.replies.find((r) => r.match.test(command));
    return { code: 0, stdout: '', stderr: '', ...reply?.result };
  }

  async put(content: string, path: string, options?: { mode?: number }): Promise<void> {
    this.puts.push({ path, content, mode: options?.mode });
  }

  /** Only the host lock streams: it is granted at once and held until stopped. */
  stream(command: string, onLine: (line: string) => void): StreamHandle {
    if (!command.includes('vipctl-lock')) throw new Error('not used by playbooks');
    this.locks++;
    let stop!: () => void;
    const done = new Promise<RunResult>((r) => (stop = () => r({ code: 0, stdout: '', stderr: '' })));
    queueMicrotask(() => onLine('vipctl-lock:held'));
    return { done, stop: async () => stop() };
  }

  onClose(): void {}

  async close(): Promise<void> {
    this.connected = false;
  }
}
