// Facts about a load-balancer host: OS, package manager, packages, init system, service, files, addresses.
import { shq } from '../ssh/quote.js';
import type { Fact } from './fact.js';

export interface OsRelease {
  id: string;
  idLike: string[];
  versionId: string;
  prettyName: string;
  family: 'debian' | 'rhel' | 'unknown';
}

export const osRelease: Fact<OsRelease> = {
  name: 'os-release',
  // Read by the shell itself: every process costs on hosts where forking is slow.
  command: 'while IFS= read -r l || [ -n "$l" ]; do printf \'%s\\n\' "$l"; done < /etc/os-release',
  parse(stdout) {
    const kv = Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]!.replace(/^"(.*)"$/, '$1')]),
    ) as Record<string, string>;
    const id = kv.ID ?? '';
    const idLike = (kv.ID_LIKE ?? '').split(/\s+/).filter(Boolean);
    const all = [id, ...idLike];
    const family = all.some((x) => ['debian', 'ubuntu'].includes(x))
      ? 'debian'
      : all.some((x) => ['rhel', 'fedora', 'centos'].includes(x))
        ? 'rhel'
        : 'unknown';
    return { id, idLike, versionId: kv.VERSION_ID ?? '', prettyName: kv.PRETTY_NAME ?? id, family };
  },
};

export type PackageManager = 'apt' | 'dnf' | 'yum' | 'none';

export const packageManager: Fact<PackageManager> = {
  name: 'package-manager',
  command: 'for pm in apt-get dnf yum; do command -v $pm >/dev/null && { echo $pm; break; }; done',
  parse: (s) => (s === 'apt-get' ? 'apt' : s === 'dnf' ? 'dnf' : s === 'yum' ? 'yum' : 'none'),
};

/** Installed versions of the packages vipctl manages (missing = absent). */
export function installedPackages(names: string[]): Fact<Record<string, string>> {
  const list = names.map(shq).join(' ');
  return {
    name: 'packages',
    // The package manager's own database decides: dpkg where apt runs, rpm on the RHEL family.
    command: `if command -v apt-get >/dev/null; then dpkg-query -W -f='\${Package} \${Version} \${db:Status-Abbrev}\\n' ${list}; else rpm -q --qf '%{NAME} %{VERSION}-%{RELEASE} ii\\n' ${list} | grep -v 'not installed'; fi`,
    parse(stdout) {
      const out: Record<string, string> = {};
      for (const line of stdout.split('\n')) {
        const [name, version, status] = line.trim().split(/\s+/);
        if (name && version && status?.startsWith('ii')) out[name] = version;
      }
      return out;
    },
  };
}

/** Age in seconds of apt's package lists (Infinity when there are none): apt-get update only when stale. */
export const aptListsAge: Fact<number> = {
  name: 'apt-lists-age',
  // The host's clock, then every list's mtime: two processes, the newest found here.
  command: 'date +%s; stat -c %Y /var/lib/apt/lists/*_Packages* 2>/dev/null',
  parse(s) {
    const [now, ...mtimes] = s
      .split('\n')
      .filter((l) => /^\d+$/.test(l.trim()))
      .map(Number);
    return now === undefined || mtimes.length === 0 ? Number.POSITIVE_INFINITY : now - Math.max(...mtimes);
  },
};

export type InitSystem = 'systemd' | 'sysv';

export const initSystem: Fact<InitSystem> = {
  name: 'init',
  command: '[ -d /run/systemd/system ] && echo systemd || echo sysv',
  parse: (s) => (s === 'systemd' ? 'systemd' : 'sysv'),
};

export interface ServiceState {
  active: boolean;
  enabled: boolean;
  /** main PID (0 when not running), to prove "no restart" */
  pid: number;
}

/**
 * Service state through systemd (one `systemctl show`), or, where there is no systemd, the pid file and rc
 * links, read by the shell itself (no process at all).
 */
export function serviceState(name: string): Fact<ServiceState> {
  const n = shq(name);
  return {
    name: `service-${name}`,
    command: [
      'if [ -d /run/systemd/system ]; then',
      `  systemctl show -p ActiveState -p UnitFileState -p MainPID ${n}`,
      'else',
      `  p=; [ -r ${shq(`/run/${name}.pid`)} ] && read -r p < ${shq(`/run/${name}.pid`)}`,
      '  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then echo active=active; echo pid=$p; else echo active=inactive; echo pid=0; fi',
      `  e=disabled; for f in /etc/rc2.d/S*${n}; do [ -e "$f" ] && e=enabled; done; echo enabled=$e`,
      'fi',
    ].join('\n'),
    parse(stdout) {
      const kv = Object.fromEntries(stdout.split('\n').map((l) => l.split('=', 2) as [string, string]));
      const active = kv.ActiveState ?? kv.active;
      const enabled = kv.UnitFileState ?? kv.enabled;
      return {
        active: active === 'active',
        enabled: enabled === 'enabled',
        pid: Number(kv.MainPID ?? kv.pid) || 0,
      };
    },
  };
}

export interface FileState {
  exists: boolean;
  sha256?: string;
  mode?: string;
  owner?: string;
}

/** Checksum, mode and owner of files (one fact for many paths). */
export function fileStates(paths: string[]): Fact<Record<string, FileState>> {
  return {
    name: 'files',
    command: paths
      .map(
        (p) =>
          // Two lines per path, in order (checksum, then mode and owner): two processes, no subshell. The path
          // itself is never echoed (it could hold anything).
          `if [ -f ${shq(p)} ]; then sha256sum < ${shq(p)} || echo -; stat -c '%a %U:%G' ${shq(p)} || echo '- -'; else echo -; echo '- -'; fi`,
      )
      .join('\n'),
    parse(stdout) {
      const out: Record<string, FileState> = {};
      const lines = stdout.split('\n');
      paths.forEach((p, i) => {
        const sha = (lines[2 * i] ?? '-').split(' ')[0];
        const [mode, owner] = (lines[2 * i + 1] ?? '- -').split(' ');
        out[p] =
          sha && /^[0-9a-f]{64}$/.test(sha) ? { exists: true, sha256: sha, mode, owner } : { exists: false };
      });
      return out;
    },
  };
}

export interface InterfaceAddress {
  ifname: string;
  address: string;
  prefix: number;
}

/** Every IPv4/IPv6 address on the host (`ip -o addr`). */
export const addresses: Fact<InterfaceAddress[]> = {
  name: 'addresses',
  command: 'ip -o addr show',
  parse: parseIpAddr,
};

export function parseIpAddr(stdout: string): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+inet6?\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line);
    if (m) out.push({ ifname: m[1]!.replace(/@.*$/, ''), address: m[2]!, prefix: Number(m[3]) });
  }
  return out;
}
