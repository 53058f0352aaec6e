import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aptListsAge,
  fileStates,
  installedPackages,
  osRelease,
  parseIpAddr,
  serviceState,
} from '../../../src/facts/host.js';
import { sha256 } from '../../../src/operations/files.js';

describe('facts', () => {
  it('reads the OS family from os-release', () => {
    expect(
      osRelease.parse('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"').family,
    ).toBe('debian');
    expect(osRelease.parse('ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"')).toMatchObject({
      family: 'rhel',
      versionId: '9.3',
    });
    expect(osRelease.parse('ID=alpine').family).toBe('unknown');
  });

  it('counts only fully installed packages', () => {
    const f = installedPackages(['keepalived', 'ipset']);
    expect(f.parse('keepalived 1:2.2.7-1+b2 ii \nipset 7.17-1 rc ')).toEqual({ keepalived: '1:2.2.7-1+b2' });
    expect(f.parse('')).toEqual({});
  });

  it('reads systemd and init-script service states', () => {
    const f = serviceState('keepalived');
    expect(f.parse('active=active\nenabled=enabled\npid=712')).toEqual({
      active: true,
      enabled: true,
      pid: 712,
    });
    expect(f.parse('active=inactive\npid=0\nenabled=disabled')).toEqual({
      active: false,
      enabled: false,
      pid: 0,
    });
    // systemd: one `systemctl show`
    expect(f.parse('MainPID=712\nActiveState=active\nUnitFileState=enabled')).toEqual({
      active: true,
      enabled: true,
      pid: 712,
    });
    expect(f.parse('MainPID=0\nActiveState=inactive\nUnitFileState=')).toMatchObject({
      active: false,
      enabled: false,
    });
  });

  it('the service fact without systemd, run by a real shell: the pid file and rc links, no process', () => {
    const f = serviceState('vipctl-no-such-service');
    expect(f.parse(execFileSync('sh', ['-c', f.command]).toString())).toEqual({
      active: false,
      enabled: false,
      pid: 0,
    });
  });

  it('apt lists age: the newest list against the host clock; no lists is infinitely old', () => {
    expect(aptListsAge.parse('1000\n400\n900\n')).toBe(100);
    expect(aptListsAge.parse('1000')).toBe(Number.POSITIVE_INFINITY);
    expect(aptListsAge.parse('')).toBe(Number.POSITIVE_INFINITY);
  });

  it('os-release read by the shell itself gives the file back line for line, the last line too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-os-'));
    writeFileSync(join(dir, 'os-release'), 'ID=debian\nPRETTY_NAME="a \\\\ b"\nVERSION_ID="12"');
    const cmd = osRelease.command.replace('/etc/os-release', join(dir, 'os-release'));
    const out = execFileSync('sh', ['-c', cmd]).toString();
    expect(out).toBe('ID=debian\nPRETTY_NAME="a \\\\ b"\nVERSION_ID="12"\n');
    expect(osRelease.parse(out)).toMatchObject({ id: 'debian', versionId: '12' });
  });

  it('reads file checksums, modes and absence in path order', () => {
    const f = fileStates(['/etc/a', '/etc/b']);
    const sha = 'ab'.repeat(32);
    expect(f.parse(`${sha}  -\n600 root:root\n-\n- -`)).toEqual({
      '/etc/a': { exists: true, sha256: sha, mode: '600', owner: 'root:root' },
      '/etc/b': { exists: false },
    });
  });

  it('the service fact run by a real shell: a hostile service name is never executed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-svc-'));
    const f = serviceState('keep alived$(>pwned)`>pwned2`');
    const out = execFileSync('sh', ['-c', f.command], { cwd: dir }).toString().trim();
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'pwned2'))).toBe(false);
    expect(f.parse(out)).toMatchObject({ active: false, pid: 0 });
  });

  it('the files fact run by a real shell: hostile paths are read, never executed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-facts-'));
    const marker = join(dir, 'pwned');
    const hostile = [
      join(dir, '$(>pwned).sh'),
      join(dir, '`>pwned`.sh'),
      join(dir, 'it\'s "quoted" here.sh'),
      join(dir, 'two\nlines.sh'),
    ];
    writeFileSync(hostile[0]!, 'one\n', { mode: 0o640 });
    writeFileSync(hostile[3]!, 'two\n');
    const f = fileStates([...hostile, join(dir, 'absent')]);
    const states = f.parse(execFileSync('sh', ['-c', f.command], { cwd: dir }).toString().trim());
    expect(existsSync(marker)).toBe(false);
    expect(states[hostile[0]!]).toMatchObject({ exists: true, sha256: sha256('one\n'), mode: '640' });
    expect(states[hostile[1]!]).toEqual({ exists: false });
    expect(states[hostile[2]!]).toEqual({ exists: false });
    expect(states[hostile[3]!]).toMatchObject({ exists: true, sha256: sha256('two\n') });
    expect(states[join(dir, 'absent')]).toEqual({ exists: false });
  });

  it('parses ip -o addr, VIPs included', () => {
    const out = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet 10.10.10.51/24 scope global eth0\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet 10.10.10.50/32 scope global eth0\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever',
    ].join('\n');
    expect(
      parseIpAddr(out)
        .filter((a) => a.ifname === 'eth0')
        .map((a) => `${a.address}/${a.prefix}`),
    ).toEqual(['10.10.10.51/24', '10.10.10.50/32', 'fe80::1/64']);
  });
});
