import { z } from 'zod';
import { globalDefsSchema } from './vrrp/global-defs.js';
import { trackingShape } from './vrrp/tracking.js';
import { notifySchema, type RawScript } from './vrrp/scripts.js';
import { syncGroupsSchema } from './vrrp/sync-group.js';
import { routingShape, staticShape, vipOptionsShape } from './vrrp/addresses.js';
import { instanceOptionsShape, memberOptionsShape } from './vrrp/instance-options.js';
import { lvsShape } from './lvs/lvs.js';

// The inventory file format (snake_case YAML). Every object is strict so typos are caught and named.
// Ranges that keepalived cares about (VRID, priority, auth_pass length…) are lint rules with stable codes,
// not schema errors: the schema says "what shape", lint says "what makes a working cluster".

const path = z.string().min(1);
const name = z.string().min(1);

export { OBJECT_NAME, objectName } from './vrrp/kit.js';
import { objectName } from './vrrp/kit.js';

const sshSchema = z.strictObject({
  user: name.optional().describe('login user (default root)'),
  port: z.int().min(1).max(65535).optional().describe('SSH port (default 22)'),
  identity_file: path.optional().describe('private key file'),
  proxy_jump: z.string().min(1).optional().describe('ProxyJump host, as in ~/.ssh/config'),
  known_hosts: path
    .optional()
    .describe('known_hosts file to check host keys against (default ~/.ssh/known_hosts)'),
  connect_timeout: z
    .number()
    .positive()
    .max(3600)
    .optional()
    .describe('seconds to wait for a connection (default 10, at most 3600)'),
});

const becomeSchema = z.strictObject({
  enabled: z.boolean().optional().describe('use sudo (default: when the SSH user is not root)'),
  method: z.literal('sudo').optional(),
  password_env: name.optional().describe('environment variable holding the sudo password'),
  password_file: path.optional().describe('file holding the sudo password'),
});

const secretSources = {
  password: z.string().optional().describe('inline password (prefer password_env or password_file)'),
  password_env: name.optional().describe('environment variable holding auth_pass'),
  password_file: path.optional().describe('file holding auth_pass (trailing newline ignored)'),
};

const authSchema = z
  .strictObject({
    type: z.enum(['PASS', 'AH', 'none']).describe('PASS, AH (IPsec AH, not recommended) or none'),
    ...secretSources,
  })
  .superRefine((auth, ctx) => {
    const given = (['password', 'password_env', 'password_file'] as const).filter(
      (k) => auth[k] !== undefined,
    );
    if (auth.type !== 'none' && given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          given.length === 0
            ? `auth type ${auth.type} needs one password source: password_env, password_file or password`
            : `give only one password source, not ${given.join(' and ')}`,
      });
    }
    if (auth.type === 'none' && given.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `auth type none takes no password (remove ${given.join(', ')})`,
      });
    }
  });

const vipObject = z.strictObject({
  address: z.string().min(1).describe('IPv4 or IPv6 address, optionally with /prefix'),
  prefix: z.int().min(0).max(128).optional(),
  dev: name.optional().describe('interface for this VIP (default: the member interface)'),
  label: name.optional().describe('IPv4 address label, e.g. eth0:vip'),
  ...vipOptionsShape,
});
const vipSchema = z.union([z.string().min(1), vipObject]);

const memberSchema = z.strictObject({
  priority: z.int().describe('1–254, higher wins; the intended master has the highest'),
  state: z
    .enum(['MASTER', 'BACKUP'])
    .optional()
    .describe('initial state (default: MASTER for the highest priority)'),
  interface: name.optional(),
  advert_int: z.number().optional().describe('override; must equal the other members'),
  auth: authSchema.optional().describe('override; must equal the other members'),
  ...memberOptionsShape,
});

const extraValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const clusterSchema = z
  .strictObject({
    instance_name: name.optional().describe('vrrp_instance name (default VI_<cluster name>)'),
    virtual_router_id: z.int().describe('VRID 1–255, unique per L2 segment'),
    vips: z.array(vipSchema).describe('virtual IP addresses (IPv4 and IPv6)'),
    interface: name.optional(),
    advert_int: z.number().optional().describe('seconds between adverts (default 1)'),
    auth: authSchema.optional().describe('VRRP authentication (default none)'),
    members: z.record(objectName, memberSchema).describe('hosts of this cluster, keyed by host name'),
    preempt: z
      .boolean()
      .optional()
      .describe('a returning higher-priority member takes the VIP back (default true)'),
    nopreempt: z.boolean().optional().describe('same as preempt: false'),
    preempt_delay: z.number().min(0).optional().describe('seconds to wait before preempting'),
    unicast: z.boolean().optional().describe('unicast adverts to the other members instead of multicast'),
    ...trackingShape,
    ...routingShape,
    notify: notifySchema.optional(),
    ...instanceOptionsShape,
    ...lvsShape,
    extra: z
      .record(z.string(), extraValue)
      .optional()
      .describe('keepalived keywords for the vrrp_instance, verbatim'),
    firewall: z
      .boolean()
      .optional()
      .describe("admit VRRP from the members in the host's firewall (default false)"),
    nonlocal_bind: z
      .boolean()
      .optional()
      .describe('set ip_nonlocal_bind for the VIP families (default false)'),
  })
  .superRefine((c, ctx) => {
    if (c.preempt !== undefined && c.nopreempt !== undefined && c.preempt === c.nopreempt) {
      ctx.addIssue({
        code: 'custom',
        path: ['nopreempt'],
        message: 'preempt and nopreempt contradict each other',
      });
    }
  });

const hostSchema = z.strictObject({
  address: z.string().min(1).describe('IP address (optionally /prefix of its subnet, default /24 or /64)'),
  ssh: sshSchema.optional(),
  become: becomeSchema.optional(),
  interface: name.optional().describe('NIC carrying VRRP and the VIPs (default eth0)'),
  vars: z.record(z.string(), z.unknown()).optional(),
  global_defs: globalDefsSchema
    .optional()
    .describe('global_defs of this host, over defaults.global_defs key by key'),
  keepalived_version: z
    .string()
    .regex(/^[0-9][0-9A-Za-z.+:~-]*$/, 'a package version, e.g. 1:2.2.7-1+b2 or 2.2.7')
    .optional()
    .describe(
      'install this keepalived version (apt keepalived=VERSION, dnf keepalived-VERSION); default: the newest',
    ),
  ...staticShape,
});

const defaultsSchema = z.strictObject({
  ssh: sshSchema.optional(),
  become: becomeSchema.optional(),
  interface: name.optional(),
  advert_int: z.number().optional(),
  auth: authSchema.optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
  systemd: z
    .strictObject({
      network_online: z
        .boolean()
        .optional()
        .describe('start keepalived after network-online.target (default true)'),
      restart_on_failure: z
        .boolean()
        .optional()
        .describe('Restart=on-failure for keepalived (default false)'),
    })
    .optional()
    .describe('the systemd drop-in vipctl writes for keepalived'),
  global_defs: globalDefsSchema.optional(),
});

export const inventoryFileSchema = z.strictObject({
  defaults: defaultsSchema.optional(),
  hosts: z.record(objectName, hostSchema).optional(),
  clusters: z.record(objectName, clusterSchema).optional(),
  template_dir: path.optional().describe('directory holding keepalived.conf.hbs (default: the bundled one)'),
  sync_groups: syncGroupsSchema.optional(),
});

export type InventoryFile = z.infer<typeof inventoryFileSchema>;
export type RawDefaults = z.infer<typeof defaultsSchema>;
export type RawHost = z.infer<typeof hostSchema>;
export type RawCluster = z.infer<typeof clusterSchema>;
export type RawMember = z.infer<typeof memberSchema>;
export type RawAuth = z.infer<typeof authSchema>;
export type RawSsh = z.infer<typeof sshSchema>;
export type RawBecome = z.infer<typeof becomeSchema>;
export type RawVip = z.infer<typeof vipSchema>;
export type RawNotify = RawScript;
