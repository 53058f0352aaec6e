#!/usr/bin/env bash
# The practical floor: the same converge as a plain parallel ssh script (one ssh per host, no orchestrator).
# Usage: floor/converge.sh HOSTS_FILE   (lines: name address state priority vrid vip)
set -uo pipefail
KEY=/var/lib/vipctl-lab/ssh/id_ed25519
KH=/var/lib/vipctl-lab/ssh/known_hosts
PASS=$(cat /var/lib/vipctl-lab/auth_pass)
pids=()
while read -r name address state priority vrid vip; do
  [[ -z $name ]] && continue
  ssh -n -i "$KEY" -o UserKnownHostsFile="$KH" -o StrictHostKeyChecking=yes -o BatchMode=yes "root@$address" "
set -e
dpkg -s keepalived ipset >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq keepalived ipset >/dev/null; }
mkdir -p /etc/keepalived
cat > /tmp/keepalived.conf.new <<EOC
vrrp_instance VI_1 {
    state $state
    interface eth0
    virtual_router_id $vrid
    priority $priority
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass $PASS
    }
    virtual_ipaddress {
        $vip
    }
}
EOC
if ! cmp -s /tmp/keepalived.conf.new /etc/keepalived/keepalived.conf; then
  keepalived -t -f /tmp/keepalived.conf.new
  install -m 0600 /tmp/keepalived.conf.new /etc/keepalived/keepalived.conf
  if [ -d /run/systemd/system ]; then
    systemctl enable --now keepalived >/dev/null 2>&1
    systemctl reload keepalived
  elif pidof keepalived >/dev/null; then /etc/init.d/keepalived reload >/dev/null
  else /etc/init.d/keepalived start >/dev/null
  fi
fi
if [ -d /run/systemd/system ]; then systemctl is-active keepalived >/dev/null; else pidof keepalived >/dev/null; fi
" &
  pids+=($!)
done <"$1"
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
