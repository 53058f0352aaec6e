import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { notifyScriptsFor } from '../../../src/render/notify.js';
import { keepalivedTest, removeNamespace } from './keepalived-t.js';

// inventories/full.yaml uses every feature vipctl models. Each host's render must pass the real keepalived -t,
// and hold every keyword the model can write (so a feature that stops rendering is noticed here).

const PASSWORDS = { VIPCTL_AUTH_WEB: 'web-pw1', VIPCTL_AUTH_DB: 'db-pw2' };
const saved = new Map<string, string | undefined>();
beforeEach(() => {
  for (const [k, v] of Object.entries(PASSWORDS)) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
});
afterEach(() => {
  for (const [k, v] of saved)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});
afterAll(removeNamespace);

const FILE = 'inventories/full.yaml';

describe('inventories/full.yaml', () => {
  it('lints without errors or warnings', async () => {
    const { findings } = await loadInventory([FILE]);
    expect(findings.map((f) => `${f.code} ${f.message}`)).toEqual([]);
  });

  it("keepalived -t accepts every host's config", async () => {
    const { inventory } = await loadInventory([FILE]);
    expect(inventory.hosts.map((h) => h.name)).toEqual(['lb-host-1', 'lb-host-2', 'lb-host-3']);
    for (const host of inventory.hosts) {
      const { text } = renderHostConfig(inventory, host.name);
      expect({ host: host.name, ...keepalivedTest(text) }).toEqual({
        host: host.name,
        status: 'valid',
        stderr: '',
      });
    }
  });

  it('renders every keyword the model writes, somewhere', async () => {
    const { inventory } = await loadInventory([FILE]);
    const all = inventory.hosts.map((h) => renderHostConfig(inventory, h.name).text).join('\n');
    const keywords = [
      // global_defs
      'router_id lb-host-1',
      'router_id lb3',
      'notification_email {',
      'notification_email_from',
      'smtp_server 10.10.10.1 25',
      'smtp_helo_name',
      'smtp_connect_timeout 30',
      'smtp_alert false',
      'script_user root',
      'enable_script_security',
      'vrrp_garp_master_delay',
      'vrrp_garp_master_repeat',
      'vrrp_garp_master_refresh 60',
      'vrrp_garp_master_refresh_repeat',
      'vrrp_garp_lower_prio_delay',
      'vrrp_garp_lower_prio_repeat',
      'vrrp_garp_interval 0.001',
      'vrrp_gna_interval',
      'vrrp_min_garp false',
      'vrrp_lower_prio_no_advert false',
      'vrrp_higher_prio_send_advert false',
      'vrrp_version 2',
      'vrrp_check_unicast_src',
      'vrrp_notify_priority_changes',
      'max_auto_priority -1',
      'max_auto_priority 10',
      'vrrp_startup_delay 0.5',
      'dynamic_interfaces',
      'log_unknown_vrids',
      'notify_fifo /run/vipctl-notify.fifo',
      'notify_fifo_script "/etc/keepalived/scripts/fifo-reader.sh"',
      'vrrp_no_swap',
      // static
      'static_ipaddress {',
      'static_routes {',
      'static_rules {',
      // tracking definitions and references
      'vrrp_script chk_api {',
      'timeout 1',
      'user root',
      'vrrp_track_process api_daemon {',
      'quorum_max 2',
      'delay 0.5',
      'track_file maintenance {',
      'init_file 0 overwrite',
      'track_interface {',

      'chk_api weight 20',
      'api_daemon weight -50',
      'maintenance weight -60',
      // sync group
      'vrrp_sync_group web_app {',

      'web_maintenance weight 0',
      'notify_priority_changes',
      // notify
      'notify_master "/etc/keepalived/scripts/notify-web.sh" root',
      'notify_backup',
      'notify_fault',
      'notify_stop',
      'notify_master_rx_lower_pri',
      'notify "/etc/keepalived/scripts/notify-db.sh" root root',
      // addresses and routes
      '10.10.10.70/24 brd 10.10.10.255 scope global label eth0:web',
      'virtual_ipaddress_excluded {',
      '10.10.10.71 no_track',
      'fd00:10::70/64',
      'virtual_routes {',
      'src 10.10.10.73 192.168.60.0/24 via 10.10.10.1 dev eth0 metric 5',
      'blackhole 192.168.61.0/24 no_track',
      'virtual_rules {',
      // instance options
      'auth_type PASS',
      'auth_type AH',
      'unicast_peer {',
      'min_ttl 1 max_ttl 255',
      'unicast_ttl 64',
      'unicast_fault_no_peer',
      'check_unicast_src',
      'use_vmac vrrp63',
      'vmac_xmit_base',
      'use_vmac_addr',
      'accept',
      'no_accept',
      'lower_prio_no_advert',
      'higher_prio_send_advert',
      'strict_mode false',
      'version 2',
      'down_timer_adverts 3',
      'promote_secondaries',
      'skip_check_adv_addr false',
      'garp_master_delay 1',
      'garp_master_refresh_repeat 1',
      'garp_lower_prio_repeat 1',
      'preempt_delay 2',
      // the rarer ones
      'smtp_alert_vrrp false',
      'no_email_faults',
      'script_user root root',
      'enable_traps',
      'enable_snmp_vrrp',
      'fifo_write_vrrp_states_on_reload',
      'vrrp_notify_fifo /run/vipctl-vrrp-notify.fifo root root',
      'vrrp_notify_fifo_script "/etc/keepalived/scripts/fifo-reader.sh"',
      'lo weight -50 reverse',
      'process vipctl-api-demo infinity',
      'param_match partial',
      'full_command',
      'fork_delay 0.2',
      'terminate_delay 0.2',
      'api_sleeper weight 30 reverse',
      'kernel_rx_buf_size 262144',
    ];
    expect(keywords.filter((k) => !all.includes(k))).toEqual([]);
  });

  it('deploys the scripts with content, all under /etc/keepalived/scripts/', async () => {
    const { inventory } = await loadInventory([FILE]);
    const paths = inventory.hosts.flatMap((h) =>
      notifyScriptsFor(inventory, h.name).map((s) => `${h.name}:${s.path}`),
    );
    expect(paths).toEqual([
      'lb-host-1:/etc/keepalived/scripts/notify-web.sh',
      'lb-host-1:/etc/keepalived/scripts/notify-db.sh',
      'lb-host-1:/etc/keepalived/scripts/notify-group.sh',
      'lb-host-1:/etc/keepalived/scripts/fifo-reader.sh',
      'lb-host-2:/etc/keepalived/scripts/notify-web.sh',
      'lb-host-2:/etc/keepalived/scripts/notify-group.sh',
      'lb-host-2:/etc/keepalived/scripts/fifo-reader.sh',
      'lb-host-3:/etc/keepalived/scripts/notify-db.sh',
      'lb-host-3:/etc/keepalived/scripts/fifo-reader.sh',
    ]);
  });
});
