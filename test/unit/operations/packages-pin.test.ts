// keepalived_version: install pins the package version; a host already running it (package, or in the lab the
// source build of that version) needs nothing.
import { describe, expect, it } from 'vitest';
import { packagesPresent, pinSatisfied, upstreamVersion } from '../../../src/operations/packages.js';
import type { OperationContext } from '../../../src/operations/types.js';
import type { HostFacts } from '../../../src/runner/host-facts.js';
import { FakeHost } from '../runner/fake-host.js';

function ctx(host: FakeHost, installed: Record<string, string>, pin?: string, pm = 'apt'): OperationContext {
  const facts = { packageManager: pm, packages: installed, aptListsAge: 10 } as unknown as HostFacts;
  return {
    conn: host,
    host: { name: 'lb1', ...(pin !== undefined && { keepalivedVersion: pin }) } as OperationContext['host'],
    inventory: { files: [], hosts: [], clusters: [] },
    facts,
    check: false,
    wantDiff: false,
    progress: () => {},
    started: new Set(),
  };
}
// the lab-build probe fails unless a test says otherwise
const noBuild = { match: /\/usr\/local\/keepalived-/, result: { code: 1 } };

describe('keepalived_version', () => {
  it('reads the upstream part of Debian and RPM versions', () => {
    expect(upstreamVersion('1:2.2.7-1+b2')).toBe('2.2.7');
    expect(upstreamVersion('2.1.5-9.el8')).toBe('2.1.5');
    expect(pinSatisfied('2.2.7', '1:2.2.7-1+b2')).toBe(true);
    expect(pinSatisfied('1:2.2.7-1+b2', '1:2.2.7-1+b2')).toBe(true);
    expect(pinSatisfied('2.2.8', '1:2.2.7-1+b2')).toBe(false);
    expect(pinSatisfied('2.2.7', undefined)).toBe(false);
  });

  it('installs keepalived=VERSION with apt (downgrades allowed) when another version is installed', async () => {
    const host = new FakeHost('lb1', {}, [noBuild]);
    const c = ctx(host, { keepalived: '1:2.2.7-1+b2', ipset: '7.17-1' }, '1:2.2.8-1');
    const [change] = await packagesPresent.plan({ names: ['keepalived', 'ipset'] }, c);
    expect(change!.description).toBe('install keepalived=1:2.2.8-1 (apt)');
    await change!.apply(c);
    expect(host.commands.at(-1)).toMatch(
      /install -y --no-install-recommends --allow-downgrades -- keepalived=1:2.2.8-1$/,
    );
  });

  it('uses keepalived-VERSION with dnf', async () => {
    const host = new FakeHost('lb1', {}, [noBuild]);
    const c = ctx(host, {}, '2.1.5', 'dnf');
    const [change] = await packagesPresent.plan({ names: ['keepalived'] }, c);
    await change!.apply(c);
    expect(host.commands.at(-1)).toBe('dnf install -y -- keepalived-2.1.5');
  });

  it('changes nothing when the pinned version is installed', async () => {
    const host = new FakeHost('lb1', {}, [noBuild]);
    const changes = await packagesPresent.plan(
      { names: ['keepalived'] },
      ctx(host, { keepalived: '1:2.2.7-1+b2' }, '2.2.7'),
    );
    expect(changes).toEqual([]);
  });

  it("accepts the lab's source build of the pinned version", async () => {
    const host = new FakeHost('lb1', {}, [
      { match: /\/usr\/local\/keepalived-2\.1\.5/, result: { code: 0 } },
    ]);
    const changes = await packagesPresent.plan(
      { names: ['keepalived'] },
      ctx(host, { keepalived: '1:2.2.7-1+b2' }, '2.1.5'),
    );
    expect(changes).toEqual([]);
    // without Debian's package too (a lab host after `lab up --keepalived 2.1.5`): only ipset is missing
    const bare = new FakeHost('lb1', {}, [
      { match: /\/usr\/local\/keepalived-2\.1\.5/, result: { code: 0 } },
    ]);
    const [only] = await packagesPresent.plan({ names: ['keepalived', 'ipset'] }, ctx(bare, {}, '2.1.5'));
    expect(only!.description).toBe('install ipset (apt)');
    expect(host.commands[0]).toContain('/etc/vipctl-lab-keepalived');
  });

  it('refuses a version that could reach a shell as an option', async () => {
    const host = new FakeHost('lb1', {}, [noBuild]);
    await expect(
      packagesPresent.plan({ names: ['keepalived'] }, ctx(host, {}, '-o Foo=bar')),
    ).rejects.toThrow(/refusing version/);
  });
});
