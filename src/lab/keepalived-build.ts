// keepalived built from upstream source for the lab (other versions than Debian 12's 2.2.7): compiled once in
// a throw-away overlay of the lab's base root (so it links against Debian 12's libraries), installed under
// /usr/local/keepalived-VERSION, cached per version like the base and rebuilt when its recipe changes.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { recipeHash as baseRecipeHash } from './base.js';
import { LAB_DIR, paths } from './config.js';
import { mustRun, runLocal, runStreaming } from './exec.js';
import { mountBaseOverlay } from './machine.js';

/** Versions the lab builds: CentOS 7's, RHEL 8's and a current upstream release (Debian 12 ships 2.2.7). */
export const LAB_KEEPALIVED_VERSIONS = ['1.3.5', '2.1.5', '2.3.3'] as const;

const RECIPE = {
  // Debian 12 packages the build needs (headers of what keepalived links against, and the autotools)
  deps: [
    'gcc',
    'make',
    'autoconf',
    'automake',
    'pkg-config',
    'libc6-dev',
    'libssl-dev',
    'libnl-3-dev',
    'libnl-genl-3-dev',
    // keepalived 1.3's configure insists on them
    'libnl-route-3-dev',
    'libnfnetlink-dev',
    'libmnl-dev',
    'libnftnl-dev',
    'libipset-dev',
    'libsystemd-dev',
    'file',
  ],
  // the same layout as Debian's package: configuration in /etc/keepalived; the libraries the base root lacks
  // (libnl…) travel with the build and are found through its rpath
  configure: ['--sysconfdir=/etc', '--disable-dependency-tracking'],
  // Upstream fixes applied on top of a tag so it builds with Debian 12's toolchain and kernel headers.
  patches: {
    // "core: Fix compiling on RHEL 9": linux/icmp.h now pulls linux/if.h, which clashes with net/if.h
    '2.1.5': ['3fd0c21e4f63ac0a52b5d7a09575f0f364972e4d'],
  } as Record<string, string[]>,
  // Compiler flags beyond configure's own, per version.
  cflags: {
    // 1.3.5 defines variables in headers; GCC 10+ (Debian 12: 12.2) makes that a link error unless -fcommon
    '1.3.5': '-g -O2 -fcommon',
  } as Record<string, string>,
  // Bump when the build script or the installed layout changes.
  prepare: 1,
};
const RECIPE_FILE = '.vipctl-recipe';

/** Where the cached builds live (one directory per version, holding the installed tree). */
export const BUILDS_DIR = join(LAB_DIR, 'keepalived');

export function prefixOf(version: string): string {
  return `/usr/local/keepalived-${version}`;
}

export function buildRecipeHash(version: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ RECIPE, version, base: baseRecipeHash() }))
    .digest('hex')
    .slice(0, 16);
}

export function buildDir(version: string): string {
  return join(BUILDS_DIR, version);
}

export function buildIsCurrent(version: string): boolean {
  const file = join(buildDir(version), RECIPE_FILE);
  return existsSync(file) && readFileSync(file, 'utf8').trim() === buildRecipeHash(version);
}

export function requireLabVersion(version: string): void {
  if (!(LAB_KEEPALIVED_VERSIONS as readonly string[]).includes(version)) {
    throw new UserError(
      `the lab builds keepalived ${LAB_KEEPALIVED_VERSIONS.join(', ')} from source, not ${version}`,
      ExitCode.USAGE,
      "leave --keepalived out for Debian 12's own keepalived (2.2.7)",
    );
  }
}

/**
 * The build, run inside the chroot: autotools when the tag has no configure script, then configure, make and
 * install into /out; then the shared libraries the binary needs that the base root lacks are copied beside it.
 */
function buildScript(version: string): string {
  const prefix = prefixOf(version);
  return [
    'set -e',
    `cd /build/src`,
    'if [ ! -x configure ]; then if [ -x autogen.sh ]; then ./autogen.sh; else autoreconf -fi; fi; fi',
    `./configure --prefix=${prefix} ${RECIPE.configure.join(' ')} LDFLAGS="-Wl,-rpath,${prefix}/lib"${
      RECIPE.cflags[version] ? ` CFLAGS="${RECIPE.cflags[version]}"` : ''
    }`,
    'make -j"$(nproc)"',
    'make install DESTDIR=/build/out',
    // ldd's "name => /path (addr)": every library outside the base root goes into PREFIX/lib
    `mkdir -p /build/out${prefix}/lib`,
    `ldd /build/out${prefix}/sbin/keepalived | awk '$3 ~ /^\\// {print $3}' > /build/libs`,
  ].join('\n');
}

export interface BuildResult {
  version: string;
  built: boolean;
  seconds: number;
}

/**
 * The keepalived sources shipped with the repository (lab/keepalived-src/, see its SOURCES.md): `git archive` of
 * each tag and the upstream patches, with their checksums, so a fresh machine builds without reaching GitHub.
 */
export const VENDORED_DIR = fileURLToPath(new URL('../../lab/keepalived-src/', import.meta.url));
export const VENDORED_SHA256: Record<string, string> = {
  '1.3.5': 'a24ee342b452ee158121e3d756460d8fc14feae39df13ff6fed136b484192d62',
  '2.1.5': 'fc285a108d0cbb8c3dd1bb020da327d63fcbff88ff23941ea6a5d7ca5d917d38',
  '2.3.3': '0900de7dc0ad796444c4919c36d75c92ddea03006c9717c0a6282a5bdccbcaad',
};

interface Source {
  what: string;
  /** unpacks the tree (configure.ac at the top) into `dir` */
  extract(dir: string, work: string): Promise<void>;
  /** the diff of an upstream commit */
  patch(commit: string): Promise<string>;
}

/** The vendored tarball of `version`, or, with `git` (VIPCTL_KEEPALIVED_GIT), that clone's tag. */
async function sourceOf(version: string, git: string | undefined): Promise<Source> {
  if (git) {
    const tag = `v${version}`;
    if (!existsSync(git))
      throw new UserError(`VIPCTL_KEEPALIVED_GIT: no such directory ${git}`, ExitCode.ENVIRONMENT);
    const hasTag = await runLocal('git', [
      '--git-dir',
      git,
      'rev-parse',
      '--verify',
      '-q',
      `${tag}^{commit}`,
    ]);
    if (hasTag.code !== 0)
      throw new UserError(`the keepalived clone ${git} has no tag ${tag}`, ExitCode.ENVIRONMENT);
    return {
      what: `${tag} of ${git}`,
      async extract(dir, work) {
        const archive = join(work, 'src.tar');
        await mustRun('git', ['--git-dir', git, 'archive', '--format=tar', '-o', archive, tag]);
        await mustRun('tar', ['-x', '-f', archive, '-C', dir]);
      },
      patch: (commit) => mustRun('git', ['--git-dir', git, 'diff', `${commit}^`, commit]),
    };
  }
  const tarball = join(VENDORED_DIR, `keepalived-${version}.tar.xz`);
  const sum = existsSync(tarball)
    ? createHash('sha256').update(readFileSync(tarball)).digest('hex')
    : undefined;
  if (sum !== VENDORED_SHA256[version]) {
    throw new UserError(
      `keepalived ${version} is not built yet and its source ${tarball} is ${sum ? 'not the one vipctl ships (checksum differs)' : 'missing'}`,
      ExitCode.ENVIRONMENT,
      'use a checkout of vipctl (the npm package does not ship the sources), or set VIPCTL_KEEPALIVED_GIT to a clone of https://github.com/acassen/keepalived',
    );
  }
  return {
    what: `lab/keepalived-src/keepalived-${version}.tar.xz`,
    extract: (dir) =>
      mustRun('tar', ['-x', '-J', '-f', tarball, '-C', dir, '--strip-components=1']).then(() => {}),
    patch: async (commit) =>
      readFileSync(join(VENDORED_DIR, `${version}-${commit.slice(0, 8)}.patch`), 'utf8'),
  };
}

/**
 * Makes sure keepalived `version` is built and cached; `gitDir` is a clone of github.com/acassen/keepalived
 * holding the tag v`version` (only needed when the cache is missing or stale).
 */
export async function ensureKeepalivedBuild(
  version: string,
  opts: { gitDir?: string; log: (m: string) => void; onLine?: (line: string) => void },
): Promise<BuildResult> {
  requireLabVersion(version);
  const started = Date.now();
  if (buildIsCurrent(version)) return { version, built: false, seconds: 0 };
  if (!existsSync(join(paths.base, 'etc/os-release'))) {
    throw new UserError(
      'the lab base root is not built yet: keepalived is compiled against it',
      ExitCode.ENVIRONMENT,
      'run `vipctl lab up` once first',
    );
  }
  const source = await sourceOf(version, opts.gitDir ?? process.env.VIPCTL_KEEPALIVED_GIT);
  opts.log(`building keepalived ${version} from source (${source.what}) in a chroot of the base root (once)`);
  const work = join(BUILDS_DIR, `.build-${version}`);
  const d = { upper: join(work, 'upper'), work: join(work, 'work'), root: join(work, 'root') };
  await cleanBuildRoot(work);
  for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
  await mountBaseOverlay(d);
  try {
    await mustRun('mount', ['-t', 'proc', 'proc', join(d.root, 'proc')]);
    cpSync('/etc/resolv.conf', join(d.root, 'etc/resolv.conf'), { dereference: true });
    // the base is cleaned after debootstrap: apt needs its download directory back
    mkdirSync(join(d.root, 'var/cache/apt/archives/partial'), { recursive: true });
    const src = join(d.root, 'build/src');
    mkdirSync(src, { recursive: true });
    await source.extract(src, work);
    for (const commit of RECIPE.patches[version] ?? []) {
      await mustRun('patch', ['-p1', '-s', '-d', src], await source.patch(commit));
    }
    writeFileSync(join(d.root, 'build/build.sh'), `${buildScript(version)}\n`);
    const tail: string[] = [];
    const step = async (args: string[], what: string): Promise<void> => {
      const code = await runStreaming('chroot', [d.root, ...args], (line) => {
        opts.onLine?.(line);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      });
      if (code !== 0) {
        throw new UserError(
          `keepalived ${version}: ${what} failed (exit ${code}):\n${tail.join('\n')}`,
          ExitCode.ENVIRONMENT,
        );
      }
    };
    const apt = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-q', '-o', 'DPkg::Lock::Timeout=120'];
    await step([...apt, 'update'], 'apt-get update');
    await step([...apt, 'install', '-y', '--no-install-recommends', ...RECIPE.deps], 'installing build deps');
    await step(['sh', '/build/build.sh'], 'the build');
    const prefix = prefixOf(version);
    const out = join(d.root, 'build/out');
    for (const lib of readFileSync(join(d.root, 'build/libs'), 'utf8').split('\n').filter(Boolean)) {
      if (existsSync(join(paths.base, lib))) continue;
      cpSync(join(d.root, lib), join(out, prefix, 'lib', lib.split('/').pop()!), { dereference: true });
    }
    // out of the overlay (a rename cannot cross it), then into place in one step
    const ready = `${buildDir(version)}.tmp`;
    rmSync(ready, { recursive: true, force: true });
    cpSync(out, ready, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(ready, RECIPE_FILE), `${buildRecipeHash(version)}\n`);
    rmSync(buildDir(version), { recursive: true, force: true });
    renameSync(ready, buildDir(version));
  } finally {
    await cleanBuildRoot(work);
  }
  return { version, built: true, seconds: (Date.now() - started) / 1000 };
}

async function cleanBuildRoot(work: string): Promise<void> {
  const root = join(work, 'root');
  for (const m of [join(root, 'proc'), root]) {
    if ((await runLocal('mountpoint', ['-q', m])).code === 0) {
      const r = await runLocal('umount', [m]);
      if (r.code !== 0) await runLocal('umount', ['-l', m]);
    }
  }
  rmSync(work, { recursive: true, force: true });
}

/**
 * keepalived 1.x starts its health checker even without virtual_server, and on a kernel without IPVS (the lab's)
 * that child dies at once and is respawned in a tight loop (18 607 lines in 4 s, suppressed by journald, which
 * then drops the VRRP lines too — seen on the lab). 2.x starts no checker without virtual_server.
 */
function vrrpOnly(version: string): boolean {
  return version.startsWith('1.');
}

/** systemd unit for the source build: what Debian's unit does, pointing at the build (and saying which). */
export function keepalivedUnit(version: string): string {
  const prefix = prefixOf(version);
  return `# Written by vipctl lab: keepalived ${version} built from source (${prefix}), lab only.
[Unit]
Description=Keepalived ${version} (source build, vipctl lab)
After=network-online.target
Wants=network-online.target
ConditionFileNotEmpty=/etc/keepalived/keepalived.conf

[Service]
Type=simple
KillMode=process
ExecStart=${prefix}/sbin/keepalived --dont-fork --log-detail${vrrpOnly(version) ? ' --vrrp' : ''}
ExecReload=/bin/kill -HUP $MAINPID

[Install]
WantedBy=multi-user.target
`;
}

/**
 * Puts the cached build of `version` into a host's root (before it boots): the tree under /usr/local, the
 * unit in /etc/systemd/system (over the package's, should Debian's keepalived be installed too) and
 * /usr/local/sbin/keepalived, first on root's PATH, so `keepalived -v` and `keepalived -t` are this build.
 */
export function installKeepalivedBuild(root: string, version: string): void {
  if (!buildIsCurrent(version)) throw new Error(`keepalived ${version} is not built (ensureKeepalivedBuild)`);
  const prefix = prefixOf(version);
  cpSync(join(buildDir(version), prefix), join(root, prefix), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(root, 'etc/keepalived'), { recursive: true });
  writeFileSync(join(root, 'etc/systemd/system/keepalived.service'), keepalivedUnit(version));
  const link = join(root, 'usr/local/sbin/keepalived');
  mkdirSync(join(root, 'usr/local/sbin'), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(`${prefix}/sbin/keepalived`, link);
  writeFileSync(join(root, 'etc/vipctl-lab-keepalived'), `${version}\n`);
}
