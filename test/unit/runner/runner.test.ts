import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { sha256 } from '../../../src/operations/files.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { exitCodeFor, type HostResult, type RunEvents } from '../../../src/report/results.js';
import { builtinPlaybookPath, loadPlaybook } from '../../../src/runner/playbook.js';
import {
  readHostRunState,
  runPlaybook,
  runPlaybooks,
  type HostRunState,
  type RunOptions,
} from '../../../src/runner/runner.js';
import { Session } from '../../../src/runner/session.js';
import { ConnectError } from '../../../src/ssh/connection.js';
import { FakeHost, type FakeState, type Reply } from './fake-host.js';

const PASSWORD = 's3cret-pw';
const { inventory } = loadInventoryTexts(
  new Map([
    [
      'inv.yaml',
      `hosts:\n  lb-a: { address: 10.10.10.51 }\n  lb-b: { address: 10.10.10.52 }\nclusters:\n  lb:\n    virtual_router_id: 51\n    vips: [10.10.10.50]\n    auth: { type: PASS, password: ${PASSWORD} }\n    members: { lb-a: { priority: 100 }, lb-b: { priority: 90 } }\n`,
    ],
  ]),
);
const CONF = '/etc/keepalived/keepalived.conf';
/** The checksum of an older config on the host (a real sha256 shape: the files fact accepts nothing else). */
const OLD_SHA = 'a'.repeat(64);
const rendered = (host: string): string => renderHostConfig(inventory, host, {}).text;
const configure = loadPlaybook(builtinPlaybookPath('configure'));
const install = loadPlaybook(builtinPlaybookPath('install'));
const options: RunOptions = { forks: 5, check: false, diff: false, failFast: false };

function recorder(): RunEvents & { order: string[]; progress_: string[] } {
  const order: string[] = [];
  const progress_: string[] = [];
  return {
    order,
    progress_,
    hostStart: (h) => void order.push(h),
    taskStart: () => undefined,
    progress: (_h, m) => void progress_.push(m),
    taskDone: () => undefined,
    hostDone: () => undefined,
  };
}

const installedRunning: FakeState = {
  packages: ['keepalived 1:2.2.7-1 ii', 'ipset 7.17-1 ii'],
  service: { active: true, enabled: true, pid: 700 },
};

async function run(
  hosts: Record<string, FakeHost | ConnectError>,
  pb = configure,
  opts: Partial<RunOptions> = {},
): Promise<{ results: HostResult[]; events: ReturnType<typeof recorder> }> {
  const session = new Session(
    inventory.hosts
      .filter((h) => hosts[h.name] !== undefined)
      .map((host) => {
        const c = hosts[host.name]!;
        return c instanceof ConnectError ? { host, error: c } : { host, conn: c };
      }),
  );
  const events = recorder();
  try {
    return { results: await runPlaybook(pb, inventory, session, { ...options, ...opts }, events), events };
  } finally {
    await session.close();
  }
}

const byHost = (results: HostResult[], name: string): HostResult => results.find((r) => r.host === name)!;

describe('runner: configure', () => {
  it('first run: uploads, tests, moves into place with 0600 and starts the service (no reload after a start); backups first', async () => {
    const stopped: FakeState = { ...installedRunning, service: { active: false, enabled: true, pid: 0 } };
    const up: Reply[] = [{ match: /is-active/, result: { stdout: 'active\n' } }];
    const a = new FakeHost('lb-a', stopped, up);
    const b = new FakeHost('lb-b', stopped, up);
    const { results, events } = await run({ 'lb-a': a, 'lb-b': b });
    expect(events.order).toEqual(['lb-b', 'lb-a']);
    expect(results.map((r) => r.status)).toEqual(['changed', 'changed']);
    // a temp name of this run's own (review L5)
    const tmp = a.puts[0]!.path;
    expect(tmp).toMatch(/^\/etc\/keepalived\/keepalived\.conf\.vipctl-new-[0-9a-f]{8}$/);
    expect(a.puts).toEqual([{ path: tmp, content: rendered('lb-a'), mode: 0o600 }]);
    const cmds = a.commands.join('\n');
    // temp copies a dead earlier run left are removed first (the fault matrix found them left behind)
    expect(cmds).toMatch(/rm -f -- '?\/etc\/keepalived\/keepalived\.conf\.vipctl-new-'?\*/);
    expect(cmds).toContain(`keepalived -t -f ${tmp}`);
    expect(cmds).toContain(`mv -f -- ${tmp} ${CONF}`);
    expect(cmds).not.toContain('install -m'); // nothing to back up yet
    expect(a.commands.filter((c) => c.startsWith('systemctl start'))).toHaveLength(1);
    expect(cmds).not.toMatch(/systemctl reload|service keepalived reload/);
    // the reload is recorded as pending with the move, and cleared once the handler has run
    expect(cmds).toMatch(
      /touch -- '?\/run\/vipctl\/pending\/reload-keepalived'? && chown root:root -- \S+ && mv -f/,
    );
    expect(a.commands.at(-1)).toMatch(/^rm -f -- '?\/run\/vipctl\/pending\/reload-keepalived'?$/);
    expect(exitCodeFor(results)).toBe(ExitCode.OK);
  });

  it('a service that dies right after its start fails the host (the service manager is not taken at its word)', async () => {
    const a = new FakeHost(
      'lb-a',
      { ...installedRunning, service: { active: false, enabled: true, pid: 0 } },
      [{ match: /is-active/, result: { stdout: 'failed\n', code: 3 } }],
    );
    const { results } = await run({ 'lb-a': a });
    expect(results[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/did not stay running/),
    });
  });

  it('second run: the same checksum and mode mean no command at all and no reload', async () => {
    const a = new FakeHost('lb-a', {
      ...installedRunning,
      files: { [CONF]: [sha256(rendered('lb-a')), '600'] },
    });
    const { results } = await run({ 'lb-a': a });
    expect(results[0]!.status).toBe('ok');
    expect(results[0]!.tasks.every((t) => t.status === 'ok')).toBe(true);
    expect(a.commands).toEqual([]);
    expect(a.puts).toEqual([]);
  });

  it('a run that may change hosts takes each host lock before reading facts; --check does not (L5)', async () => {
    const a = new FakeHost('lb-a', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } });
    await run({ 'lb-a': a });
    expect(a.locks).toBe(1);
    const b = new FakeHost('lb-b', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } });
    await run({ 'lb-b': b }, configure, { check: true });
    expect(b.locks).toBe(0);
  });

  it('a changed config is backed up, moved, and reloads once at the end', async () => {
    const a = new FakeHost('lb-a', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } });
    const { results } = await run({ 'lb-a': a });
    expect(results[0]!.status).toBe('changed');
    const mv = a.commands.find((c) => c.includes('mv -f'))!;
    expect(mv).toMatch(
      /install -m 0600 -o root -g root -- \/etc\/keepalived\/keepalived\.conf \/etc\/keepalived\/keepalived\.conf\.\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}\.bak && /,
    );
    expect(a.commands.filter((c) => /^(systemctl|service) .*reload/.test(c))).toEqual([
      'systemctl reload -- keepalived',
    ]);
    expect(a.commands.at(-2)).toBe('systemctl reload -- keepalived');
    expect(a.commands.at(-1)).toMatch(/^rm -f -- '?\/run\/vipctl\/pending\/reload-keepalived'?$/);
  });

  it('only a wrong mode: chmod, no upload, no reload', async () => {
    const a = new FakeHost('lb-a', {
      ...installedRunning,
      files: { [CONF]: [sha256(rendered('lb-a')), '644'] },
    });
    await run({ 'lb-a': a });
    expect(a.commands).toEqual([`chown root:root -- ${CONF} && chmod 600 -- ${CONF}`]);
    expect(a.puts).toEqual([]);
  });

  it('check mode takes the same path, reports the change and its masked diff, and changes nothing', async () => {
    const old = `vrrp_instance x {\n    auth_pass old-secret\n}\n`;
    const a = new FakeHost('lb-a', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } }, [
      { match: /^cat /, result: { stdout: old } },
    ]);
    const { results } = await run({ 'lb-a': a }, configure, { check: true, diff: true });
    const task = results[0]!.tasks.find((t) => t.name.startsWith('keepalived.conf'))!;
    expect(task.status).toBe('changed');
    expect(results[0]!.tasks.find((t) => t.name === 'reload keepalived')?.changes).toEqual([
      'reload keepalived',
    ]);
    expect(a.commands).toEqual([`cat -- ${CONF}`]); // the diff's read, nothing else
    expect(a.puts).toEqual([]);
    const diff = task.diff!.join('\n');
    expect(diff).toContain('-    auth_pass ********');
    expect(diff).toContain('+');
    expect(diff).not.toContain(PASSWORD);
    expect(diff).not.toContain('old-secret');
  });

  it('a config keepalived -t rejects: not moved, temp removed, no reload, message shows the rendered line', async () => {
    const replies: Reply[] = [
      {
        match: /keepalived -t/,
        result: { code: 1, stderr: `Unknown keyword 'bogus' (${CONF}.vipctl-new: Line 3)\n` },
      },
    ];
    const a = new FakeHost('lb-a', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } }, replies);
    const { results } = await run({ 'lb-a': a });
    const r = results[0]!;
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/failed validation/);
    const details = r.tasks.find((t) => t.status === 'failed')!.details!;
    const line3 = rendered('lb-a').split('\n')[2]!.trim();
    expect(details).toContain("Unknown keyword 'bogus'");
    expect(details).toContain(`line 3: ${line3}`);
    expect(a.commands.some((c) => c.includes('mv -f'))).toBe(false);
    expect(a.commands.some((c) => c.startsWith(`rm -f -- ${CONF}.vipctl-new-`))).toBe(true);
    expect(a.commands.some((c) => /reload|start/.test(c))).toBe(false);
    expect(exitCodeFor(results)).toBe(ExitCode.FAILED);
  });

  it('keepalived -t killed with 143 (2.2.7 quirk) is "test unavailable", not invalid: the config goes live', async () => {
    const replies: Reply[] = [{ match: /keepalived -t/, result: { code: 143, stderr: 'Terminated\n' } }];
    const a = new FakeHost('lb-a', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } }, replies);
    const { results, events } = await run({ 'lb-a': a });
    expect(results[0]!.status).toBe('changed');
    expect(a.commands.some((c) => c.includes('mv -f'))).toBe(true);
    expect(events.progress_.join('\n')).toMatch(/keepalived -t unavailable/);
  });

  // The fault matrix found it: the connection dropped after the move and before the reload; the next run found the
  // file right, changed nothing and never reloaded, so keepalived kept the old config.
  it('a reload an earlier run recorded as pending runs although nothing changes now, and is cleared', async () => {
    const a = new FakeHost('lb-a', {
      ...installedRunning,
      files: { [CONF]: [sha256(rendered('lb-a')), '600'] },
      pending: ['reload-keepalived'],
    });
    const { results } = await run({ 'lb-a': a });
    expect(results[0]!.status).toBe('changed');
    expect(a.puts).toEqual([]);
    expect(a.commands.filter((c) => /^(systemctl|service) .*reload/.test(c))).toEqual([
      'systemctl reload -- keepalived',
    ]);
    expect(a.commands.at(-1)).toMatch(/^rm -f -- '?\/run\/vipctl\/pending\/reload-keepalived'?$/);
    const reload = results[0]!.tasks.find((t) => t.name === 'reload keepalived')!;
    expect(reload.changes).toContain('run for a change an earlier run made but could not finish');
  });

  it('without systemd the init script reloads', async () => {
    const a = new FakeHost('lb-a', {
      ...installedRunning,
      init: 'sysv',
      files: { [CONF]: [OLD_SHA, '600'] },
    });
    await run({ 'lb-a': a });
    expect(a.commands.at(-2)).toBe('service keepalived reload');
  });
});

describe('runner: hosts are independent', () => {
  const failing: Reply[] = [{ match: /keepalived -t/, result: { code: 1, stderr: 'Unknown keyword' } }];

  it('an unreachable and a failed host do not stop the other; unreachable wins the exit code', async () => {
    const b = new FakeHost('lb-b', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } }, failing);
    const unreachable = new ConnectError('lb-a', 'unreachable', 'connect ETIMEDOUT 10.10.10.51:22');
    const { results } = await run({ 'lb-a': unreachable, 'lb-b': b });
    expect(byHost(results, 'lb-a')).toMatchObject({
      status: 'unreachable',
      error: expect.stringMatching(/ETIMEDOUT/),
    });
    expect(byHost(results, 'lb-b').status).toBe('failed');
    expect(exitCodeFor(results)).toBe(ExitCode.UNREACHABLE);
  });

  it('--fail-fast skips the hosts not yet started after a failure', async () => {
    const b = new FakeHost('lb-b', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } }, failing);
    const a = new FakeHost('lb-a', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } });
    const { results } = await run({ 'lb-a': a, 'lb-b': b }, configure, { failFast: true, forks: 1 });
    expect(byHost(results, 'lb-b').status).toBe('failed');
    expect(byHost(results, 'lb-a').status).toBe('skipped');
    expect(a.commands).toEqual([]);
    expect(exitCodeFor(results)).toBe(ExitCode.FAILED);
  });

  it('without --fail-fast the other host converges', async () => {
    const b = new FakeHost('lb-b', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } }, failing);
    const a = new FakeHost('lb-a', { ...installedRunning, files: { [CONF]: [OLD_SHA, '600'] } });
    const { results } = await run({ 'lb-a': a, 'lb-b': b }, configure, { forks: 1 });
    expect(byHost(results, 'lb-a').status).toBe('changed');
  });
});

describe('runner: facts read on connect (opts.pending)', () => {
  it('takes the facts already being read instead of reading them again', async () => {
    const a = new FakeHost('lb-a', {
      ...installedRunning,
      files: { [CONF]: [sha256(rendered('lb-a')), '600'] },
    });
    const state = await readHostRunState(inventory, 'lb-a', a);
    expect(a.factReads).toBe(1);
    const { results } = await run({ 'lb-a': a }, configure, {
      pending: new Map([['lb-a', Promise.resolve(state)]]),
    });
    expect(a.factReads).toBe(1);
    expect(results[0]!.status).toBe('ok');
  });

  it('a read that failed on connect fails that host, named, and touches nothing', async () => {
    const a = new FakeHost('lb-a', installedRunning);
    const failed = Promise.reject(new Error('channel closed'));
    failed.catch(() => undefined);
    const { results } = await run({ 'lb-a': a }, configure, { pending: new Map([['lb-a', failed]]) });
    expect(results[0]!.status).toBe('failed');
    expect(results[0]!.error).toBe('gathering facts: channel closed');
    expect(a.commands).toEqual([]);
  });
});

describe('runner: install', () => {
  it('apt: installs only what is missing, refreshes stale lists only, waits for the dpkg lock', async () => {
    const stale = new FakeHost('lb-a', { packages: ['ipset 7.17-1 ii'], aptListsAge: 3 * 86400 });
    const { results } = await run({ 'lb-a': stale }, install);
    const apt = stale.commands[0]!;
    expect(apt).toContain('apt-get $apt_opts update');
    expect(apt).toContain('DPkg::Lock::Timeout=');
    expect(apt).toMatch(/install -y --no-install-recommends -- keepalived$/);
    expect(stale.commands[1]).toBe('systemctl enable -- keepalived');
    expect(results[0]!.status).toBe('changed');

    const fresh = new FakeHost('lb-a', { packages: [], aptListsAge: 60 });
    await run({ 'lb-a': fresh }, install);
    expect(fresh.commands[0]).not.toContain('update');
    expect(fresh.commands[0]).toContain('keepalived ipset');
  });

  it('nothing missing and enabled: no command', async () => {
    const done = new FakeHost('lb-a', installedRunning);
    const { results } = await run({ 'lb-a': done }, install);
    expect(results[0]!.status).toBe('ok');
    expect(done.commands).toEqual([]);
  });

  it('dnf on the RHEL family; no package manager fails the host clearly; a failing install shows its tail', async () => {
    const rhel = new FakeHost('lb-a', { os: 'ID="rocky"\nID_LIKE="rhel fedora"', packageManager: 'dnf' });
    await run({ 'lb-a': rhel }, install);
    expect(rhel.commands[0]).toBe('dnf install -y -- keepalived ipset');

    const none = new FakeHost('lb-a', { packageManager: '' });
    const r1 = (await run({ 'lb-a': none }, install)).results[0]!;
    expect(r1).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/no supported package manager/),
    });

    const broken = new FakeHost('lb-a', {}, [
      { match: /apt-get/, result: { code: 100, stderr: 'E: Unable to locate package keepalived' } },
    ]);
    const r2 = (await run({ 'lb-a': broken }, install)).results[0]!;
    expect(r2.error).toMatch(/could not install keepalived, ipset \(exit 100\)/);
    expect(r2.tasks[0]!.details).toContain('Unable to locate package');
    expect(broken.commands).toHaveLength(2); // the retry after a refresh, then it stops at the failed task
  });

  it('apt lists that are young but outdated: one refresh and a retry', async () => {
    const outdated = new FakeHost('lb-a', { aptListsAge: 60 }, [
      { match: /apt-get \$apt_opts update/, result: { code: 0 } },
      {
        match: /apt-get/,
        result: { code: 100, stderr: 'E: Failed to fetch http://deb.debian.org/…  404  Not Found' },
      },
    ]);
    const { results, events } = await run({ 'lb-a': outdated }, install);
    expect(outdated.commands[0]).not.toContain('update');
    expect(outdated.commands[1]).toContain('apt-get $apt_opts update');
    expect(results[0]!.tasks[0]!.status).toBe('changed');
    expect(events.progress_.join('\n')).toMatch(/package lists out of date/);
  });

  it('a host without systemd is enabled through its init scripts', async () => {
    const sysv = new FakeHost('lb-a', {
      ...installedRunning,
      init: 'sysv',
      service: { active: false, enabled: false, pid: 0 },
    });
    await run({ 'lb-a': sysv }, install);
    expect(sysv.commands[0]).toMatch(/update-rc\.d keepalived defaults/);
  });
});

describe('runner: per-host time in the recap', () => {
  it('counts the host’s connect and fact reading once: a no-op run is not 0.0s', async () => {
    const a = new FakeHost('lb-a', {
      ...installedRunning,
      files: { [CONF]: [sha256(rendered('lb-a')), '600'] },
    });
    const host = inventory.hosts.find((h) => h.name === 'lb-a')!;
    const session = new Session([{ host, conn: a, connectMs: 300, readyMs: 450 }]);
    try {
      const results = await runPlaybooks(
        [install, configure],
        inventory,
        session,
        {
          ...options,
          hostState: new Map<string, HostRunState>(),
        },
        recorder(),
      );
      expect(results[0]!.status).toBe('ok');
      expect(results[0]!.ms).toBeGreaterThanOrEqual(450);
      expect(results[0]!.ms).toBeLessThan(900); // not counted once per playbook
    } finally {
      await session.close();
    }
  });
});
