import { z } from 'zod';
import { fieldLocations } from '../resolve.js';
import { locateKey, type SourceFile } from '../source.js';
import { nearest } from '../suggest.js';
import type { ClusterSpec, HostSpec, Inventory, SyncGroupSpec } from '../types.js';
import { extraLines, extraSchema, lintExtraMap } from './extra.js';
import { Findings, at, block, objectName, word } from './kit.js';
import { lintScriptRef, notifyLines, notifyMap, notifySchema, NOTIFY_KINDS } from './scripts.js';
import {
  lintFailoverReach,
  lintTracking,
  resolveTracking,
  trackingLines,
  trackingShape,
  weightedTrackers,
} from './tracking.js';

// vrrp_sync_group: clusters whose VIPs fail over together (e.g. the outside and inside VIP of a router).
// Written at the top level (`sync_groups:`) because a group spans clusters; rendered on every host that
// carries its clusters. Lint checks what keepalived only discovers at run time, across hosts.

export const syncGroupSchema = z.strictObject({
  group: z.array(z.string().min(1)).describe('cluster names (their vrrp_instances fail over together)'),
  notify: notifySchema.optional(),
  ...trackingShape,
  smtp_alert: z.boolean().optional().describe('email on transitions (needs global_defs smtp settings)'),
  notify_priority_changes: z.boolean().optional().describe('send priority changes to the notify FIFOs'),
  sync_group_tracking_weight: z
    .boolean()
    .optional()
    .describe("keep member instances' tracking weights (keepalived sets them to 0 otherwise)"),
  extra: extraSchema.optional().describe('other vrrp_sync_group keywords, verbatim (no scripts, no include)'),
});
export type RawSyncGroup = z.infer<typeof syncGroupSchema>;

export const syncGroupsSchema = z
  .record(objectName, syncGroupSchema)
  .describe('vrrp_sync_group: clusters that fail over together, keyed by group name');

export function resolveSyncGroup(name: string, raw: RawSyncGroup, src: SourceFile): SyncGroupSpec {
  const path = ['sync_groups', name];
  const g: SyncGroupSpec = {
    name,
    clusters: raw.group,
    notify: notifyMap(raw.notify),
    tracking: resolveTracking(raw),
    extra: raw.extra ?? {},
    location: locateKey(src, path),
    fieldLocations: fieldLocations(src, path, raw),
  };
  if (raw.smtp_alert !== undefined) g.smtpAlert = raw.smtp_alert;
  if (raw.notify_priority_changes !== undefined) g.notifyPriorityChanges = raw.notify_priority_changes;
  if (raw.sync_group_tracking_weight !== undefined) g.trackingWeight = raw.sync_group_tracking_weight;
  return g;
}

/** The host that wins a cluster's election: the member set to MASTER, else the highest priority. */
function winner(c: ClusterSpec): string | undefined {
  const explicit = c.members.find((m) => m.state === 'MASTER' && m.fieldLocations?.['state']);
  if (explicit) return explicit.host;
  return [...c.members].sort((a, b) => b.priority - a.priority)[0]?.host;
}

const GROUP_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MODELLED = new Set([
  ...Object.keys(syncGroupSchema.shape),
  'group',
  'global_tracking',
  'track_interface',
]);

export function lintSyncGroups(inv: Inventory, f: Findings): void {
  const groups = inv.syncGroups ?? [];
  const clusters = new Map(inv.clusters.map((c) => [c.name, c]));
  const groupOf = new Map<string, SyncGroupSpec>();
  for (const g of groups) {
    const who = `sync group ${g.name}`;
    if (!GROUP_NAME.test(g.name))
      f.error(
        'SYNC008',
        at(g, 'group', g.location),
        `${who}: the name may hold only letters, digits, _ and -`,
      );
    const members: ClusterSpec[] = [];
    g.clusters.forEach((name, i) => {
      const c = clusters.get(name);
      if (!c) {
        const guess = nearest(name, [...clusters.keys()]);
        f.error(
          'SYNC006',
          at(g, `group.${i}`),
          `${who}: "${name}" is not a cluster of the inventory`,
          guess ? `did you mean "${guess}"?` : undefined,
        );
        return;
      }
      const other = groupOf.get(name);
      if (other && other !== g) {
        f.error(
          'SYNC005',
          at(g, `group.${i}`),
          `${who}: cluster ${name} is already in sync group ${other.name}`,
          'a vrrp_instance belongs to at most one sync group',
        );
        return;
      }
      if (members.includes(c)) {
        f.error('SYNC005', at(g, `group.${i}`), `${who}: cluster ${name} is listed twice`);
        return;
      }
      groupOf.set(name, g);
      members.push(c);
    });
    if (g.clusters.length < 2) {
      f.warning(
        'SYNC003',
        at(g, 'group', g.location),
        `${who} has ${g.clusters.length === 1 ? 'one cluster' : 'no clusters'}: keepalived removes such a group, and its notify scripts never run`,
        'group at least two clusters, or move the notify and tracking to the cluster itself',
      );
    }
    const [first, ...rest] = members;
    if (first) {
      const hostsOf = (c: ClusterSpec): string =>
        c.members
          .map((m) => m.host)
          .sort()
          .join(', ');
      const firstWinner = winner(first);
      for (const c of rest) {
        const i = g.clusters.indexOf(c.name);
        if (hostsOf(c) !== hostsOf(first)) {
          f.error(
            'SYNC001',
            at(g, `group.${i}`),
            `${who}: cluster ${c.name} has members ${hostsOf(c)} but ${first.name} has ${hostsOf(first)}`,
            'the instances of a sync group fail over together, so every host must carry all of them',
          );
        } else if (winner(c) !== firstWinner) {
          f.error(
            'SYNC002',
            at(g, `group.${i}`),
            `${who}: ${winner(c)} wins cluster ${c.name} but ${firstWinner} wins ${first.name}`,
            'keepalived.conf(5): with instances winning on different hosts a sync group re-elects for ever; give one host the highest priority in every grouped cluster',
          );
        }
        if (c.preempt !== first.preempt || c.preemptDelay !== first.preemptDelay) {
          f.warning(
            'SYNC007',
            at(g, `group.${i}`),
            `${who}: clusters ${first.name} and ${c.name} differ in nopreempt/preempt_delay; the group moves as one, so they should agree`,
          );
        }
      }
      if (!g.trackingWeight) {
        for (const c of members) {
          for (const w of weightedTrackers(c.tracking)) {
            f.warning(
              'SYNC004',
              at(c, w.field),
              `cluster ${c.name} is in sync group ${g.name}: keepalived ignores the weight ${w.weight} of track ${w.kind} ${w.name} (it counts as 0: FAULT)`,
              'track it on the sync group with weight 0, or set sync_group_tracking_weight on the group',
            );
          }
        }
      }
      // Group tracking with weights: can it move the group? Judge it against each grouped cluster.
      const reach = new Findings();
      for (const c of members) {
        lintFailoverReach(
          c,
          reach,
          weightedTrackers(g.tracking),
          (field) => at(g, field),
          `sync group ${g.name} (cluster ${c.name})`,
        );
      }
      const seen = new Set<string>();
      for (const x of reach.list) {
        const key = `${x.location.line}:${x.location.column}`;
        if (!seen.has(key)) f.list.push(x);
        seen.add(key);
      }
    }
    lintTracking(g.tracking, (field) => at(g, field, g.location), who, f);
    for (const k of NOTIFY_KINDS) {
      const ref = g.notify[k];
      if (!ref) continue;
      if (k === 'master_rx_lower_pri')
        f.error(
          'SYNC009',
          at(g, `notify.${k}`),
          `${who}: notify master_rx_lower_pri exists only on instances`,
        );
      lintScriptRef(
        ref,
        (field) => g.fieldLocations?.[`notify.${k}.${field}`] ?? at(g, `notify.${k}`),
        `${who}: notify ${k}`,
        f,
      );
    }
    lintExtraMap(g.extra, (k) => at(g, `extra.${k}:key`), `${who} extra`, MODELLED, f);
  }
}

/** Sync groups with at least one cluster on this host, each with the instance names present here. */
export function groupsOnHost(
  inv: Inventory,
  host: HostSpec,
  mine: readonly ClusterSpec[],
): { group: SyncGroupSpec; instances: string[] }[] {
  if (!inv.syncGroups?.length) return [];
  const names = new Map(mine.map((c) => [c.name, c.instanceName]));
  return inv.syncGroups.flatMap((group) => {
    const instances = group.clusters.flatMap((c) => (names.has(c) ? [names.get(c)!] : []));
    return instances.length > 0 ? [{ group, instances }] : [];
  });
}

export function syncGroupLines(group: SyncGroupSpec, instances: readonly string[]): string[] {
  const body = [
    ...block('group', instances.map(word)),
    ...trackingLines(group.tracking),
    ...notifyLines(group.notify),
  ];
  if (group.smtpAlert !== undefined) body.push(group.smtpAlert ? 'smtp_alert' : 'smtp_alert false');
  if (group.notifyPriorityChanges !== undefined)
    body.push(group.notifyPriorityChanges ? 'notify_priority_changes' : 'notify_priority_changes false');
  if (group.trackingWeight) body.push('sync_group_tracking_weight');
  body.push(...extraLines(group.extra));
  return block(`vrrp_sync_group ${word(group.name)}`, body);
}
