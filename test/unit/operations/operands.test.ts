// Regression tests for the security review's L13: a playbook value starting with "-" never reaches apt, dnf or
// systemctl as an option.
import { describe, expect, it } from 'vitest';
import { packagesPresent } from '../../../src/operations/packages.js';
import { serviceEnabled, serviceReloaded, serviceRunning } from '../../../src/operations/service.js';
import type { OperationContext } from '../../../src/operations/types.js';
import type { HostFacts } from '../../../src/runner/host-facts.js';
import { FakeHost } from '../runner/fake-host.js';

function ctx(host: FakeHost): OperationContext {
  const facts = {
    packageManager: 'apt',
    packages: {},
    aptListsAge: 10,
    init: 'systemd',
    service: { active: true, enabled: false, pid: 1 },
    files: {},
  } as unknown as HostFacts;
  return {
    conn: host,
    host: { name: 'lb1' } as OperationContext['host'],
    inventory: { files: [], hosts: [], clusters: [] },
    facts,
    check: false,
    wantDiff: false,
    progress: () => {},
    started: new Set(),
  };
}

describe('operands (L13)', () => {
  it('a package name that is an apt option is refused before anything runs', async () => {
    const host = new FakeHost('lb1');
    await expect(
      packagesPresent.plan({ names: ['-oAPT::Update::Pre-Invoke::=touch /tmp/pwned'] }, ctx(host)),
    ).rejects.toThrow(/refusing package name/);
    expect(host.commands).toEqual([]);
  });

  it('service names starting with "-" are refused by every service operation', async () => {
    for (const op of [serviceEnabled, serviceRunning, serviceReloaded]) {
      await expect(op.plan({ name: '--root=/tmp' }, ctx(new FakeHost('lb1')))).rejects.toThrow(
        /refusing service name/,
      );
    }
  });

  it('ordinary names pass, with "--" before them', async () => {
    const host = new FakeHost('lb1');
    const [change] = await packagesPresent.plan({ names: ['keepalived', 'libstdc++6'] }, ctx(host));
    await change!.apply(ctx(host));
    expect(host.commands[0]).toMatch(/install -y --no-install-recommends -- keepalived libstdc\+\+6$/);
  });
});
