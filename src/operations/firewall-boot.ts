// firewall.boot: the VRRP admission of firewall.vrrp, kept across reboots and firewall reloads. The rules firewall.vrrp adds
// live only in the kernel: at boot the host's own firewall (nftables.service, netfilter-persistent) loads its
// saved ruleset without them, and a default-drop input policy then blocks the adverts — both members claim the
// VIP. This script, run by keepalived's drop-in as ExecStartPre (after those units), puts them back each time
// keepalived starts, exactly as firewall.vrrp writes them (same chain, same rules, same comment hash), so the
// next configure finds nothing to change.
import { NFT_CHAIN, NFT_JUMP_COMMENT } from '../facts/firewall.js';
import {
  admissionHash,
  iptAdmit,
  iptSources,
  nftRules,
  wantedAdmission,
  type VrrpAdmission,
} from './firewall.js';
import { planPrereqFile } from './prereq-files.js';
import type { Operation } from './types.js';

export const FIREWALL_BOOT_SCRIPT = '/usr/local/lib/vipctl/vrrp-firewall';

/** Units that load a saved ruleset at boot: keepalived starts after them so the script adds to what they load. */
export const FIREWALL_UNITS = ['nftables.service', 'netfilter-persistent.service', 'firewalld.service'];

/** The nft rules of vipctl's chain for one table family, as `add rule` lines for table "$fam $tab". */
function nftCase(want: VrrpAdmission): string {
  const hash = admissionHash(want);
  return ['ip', 'ip6', 'inet']
    .map((family) => {
      const rules = nftRules(family, want).map(
        (r) => `add rule $fam $tab ${NFT_CHAIN} ${r} comment \\"vipctl:${hash}\\"`,
      );
      return `    ${family}) rules="${rules.join('\n')}" ;;`;
    })
    .join('\n');
}

/** firewall.vrrp's iptables commands for `tool`, where INPUT filters (policy DROP/REJECT or rules of its own). */
function iptBlock(tool: 'iptables' | 'ip6tables', sources: string[] | undefined): string {
  if (!sources) return '';
  return `if command -v ${tool} >/dev/null 2>&1 && ${tool} -w -S INPUT 2>/dev/null | grep -q -e '^-P INPUT \\(DROP\\|REJECT\\)' -e '^-A INPUT'; then
  ${iptAdmit(tool, sources)} || status=1
fi
`;
}

/** The script's text for this admission (undefined: no cluster of the host asks for the firewall). */
export function firewallBootScript(want: VrrpAdmission | undefined): string | undefined {
  if (!want) return undefined;
  const ipt = iptSources(want);
  return `#!/bin/sh
# Admits VRRP from the members of ${want.clusters.join(', ')} whenever keepalived starts (see firewall.vrrp).
status=0
if command -v nft >/dev/null 2>&1; then
  # every input filter base chain nft manages, but iptables-nft's own "filter INPUT" (iptables handles that)
  chains=$(nft list ruleset 2>/dev/null | awk '
    $1 == "table" { fam = $2; tab = $3 }
    $1 == "chain" { ch = $2 }
    /type filter hook input/ && fam ~ /^(ip|ip6|inet)$/ && !(fam ~ /^ip6?$/ && tab == "filter" && ch == "INPUT") { print fam, tab, ch }')
  echo "$chains" | while read -r fam tab ch; do
    [ -n "$fam" ] || continue
    case "$fam" in
${nftCase(want)}
    esac
    [ -n "$rules" ] || continue
    jump=""
    nft list chain "$fam" "$tab" "$ch" | grep -q "jump ${NFT_CHAIN}" ||
      jump="insert rule $fam $tab $ch jump ${NFT_CHAIN} comment \\"${NFT_JUMP_COMMENT}\\""
    printf '%s\\n' "add chain $fam $tab ${NFT_CHAIN}" "flush chain $fam $tab ${NFT_CHAIN}" "$rules" "$jump" | nft -f - || exit 1
  done || status=1
fi
${iptBlock('iptables', ipt.iptables)}${iptBlock('ip6tables', ipt.ip6tables)}exit $status
`;
}

export const firewallBoot: Operation = {
  name: 'firewall.boot',
  plan: (_args, ctx) =>
    planPrereqFile(FIREWALL_BOOT_SCRIPT, firewallBootScript(wantedAdmission(ctx)), ctx, 0o755),
};
