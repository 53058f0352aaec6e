// The RHEL path for real: a lab host whose OS says it is RHEL-like and whose only package manager is dnf, with
// a local repository holding keepalived and ipset as RPMs (Debian's .debs turned into .rpm by alien). vipctl
// must detect it and install through dnf — not by asserting command strings, by running dnf on the host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDefaultsYaml, sshExec, vipctl, writeInventory } from './lab-fixture.js';

const HOST = 'lb-host-4';

const prepare = String.raw`set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends dnf rpm createrepo-c alien >/dev/null
mkdir -p /srv/repo /tmp/debs /etc/yum.repos.d && cd /tmp/debs
apt-get download -qq keepalived ipset libipset13 2>/dev/null
# keepalived's runtime libraries (alien's RPMs declare no dependencies)
deps=$(apt-cache depends --important keepalived ipset libipset13 | awk '/Depends:/{print $2}' | grep -v -E '^<|keepalived|ipset' | sort -u)
apt-get install -y -qq --no-install-recommends $deps >/dev/null
# alien builds the RPMs; automatic library requirements are turned off because this host's libraries come
# from dpkg, which rpm cannot see (they are installed above).
for d in *.deb; do
  dir=$(alien -g -r "$d" 2>/dev/null | sed -n 's/^Directory \(.*\) prepared.*/\1/p')
  spec=$(ls "$dir"/*.spec)
  sed -i '1i AutoReqProv: no' "$spec"
  (cd "$dir" && rpmbuild --quiet --buildroot="$PWD" -bb --target x86_64 "$(basename "$spec")" >/dev/null 2>&1)
done
mv /tmp/debs/*.rpm /srv/repo/ && createrepo_c -q /srv/repo  # alien's spec writes the RPM beside the .deb
ls /srv/repo/*.rpm | grep -q keepalived
printf '[local]\nname=local\nbaseurl=file:///srv/repo\ngpgcheck=0\nenabled=1\n' > /etc/yum.repos.d/local.repo
printf 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (lab)"\n' > /etc/os-release.lab
rm -f /etc/os-release && cp /etc/os-release.lab /etc/os-release
mv /usr/bin/apt-get /usr/bin/apt-get.hidden-by-lab
echo prepared`;

describe('install on a RHEL-family host (dnf)', () => {
  let inventory = '';

  beforeAll(async () => {
    const up = await vipctl(['lab', 'up', '--hosts', '4']);
    if (up.code !== 0) throw new Error(`lab up --hosts 4: ${up.stderr}`);
    const r = await sshExec(HOST, prepare, 600_000);
    if (!r.stdout.includes('prepared')) throw new Error(`preparing ${HOST} as RHEL-like failed: ${r.stderr}`);
    inventory = writeInventory(
      [labDefaultsYaml(), 'hosts:', `  ${HOST}: { address: 10.10.10.54 }`, 'clusters: {}', ''].join('\n'),
    );
  }, 900_000);

  afterAll(async () => {
    await vipctl(['lab', 'up', '--hosts', '3']); // removes lb-host-4 and restores the lab inventory
  });

  it('detects the RHEL family and installs keepalived and ipset with dnf from the repository', async () => {
    const r = await vipctl(['install', '-i', inventory, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const host = (
      JSON.parse(r.stdout) as { hosts: { status: string; os: string; tasks: { changes: string[] }[] }[] }
    ).hosts[0]!;
    expect(host.status).toBe('changed');
    expect(host.os).toBe('Rocky Linux 9.3 (lab)');
    expect(host.tasks[0]!.changes).toEqual(['install keepalived, ipset (dnf)']);
    const q = await sshExec(
      HOST,
      'rpm -q --qf "%{NAME}\\n" keepalived ipset; dpkg-query -W keepalived 2>&1 | grep -c "no packages found"; systemctl is-enabled keepalived',
    );
    expect(q.stdout.trim().split('\n')).toEqual(['keepalived', 'ipset', '1', 'enabled']);
  });

  it('a second run changes nothing', async () => {
    const r = await vipctl(['install', '-i', inventory, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { changed: number } }).summary.changed).toBe(0);
  });
});
