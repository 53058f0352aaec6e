import type { AuthSpec, ClusterSpec, HostSpec, Inventory } from './types.js';

// `inventory show`: the resolved inventory (after defaults) as plain data or a table. Secrets are shown
// by their source only, never by value.

function authText(auth: AuthSpec): string {
  return auth.type === 'PASS' ? `${auth.method ?? 'PASS'} (${auth.password.describe})` : 'none';
}

function hostData(h: HostSpec): Record<string, unknown> {
  return {
    name: h.name,
    address: h.address,
    prefix: h.prefix,
    interface: h.interface,
    ssh: h.ssh,
    become: { enabled: h.become.enabled, method: h.become.method, password: h.become.password?.describe },
    vars: h.vars,
    ...(h.globalDefs && { global_defs: globalDefsData(h.globalDefs) }),
    ...(h.static && { static: h.static }),
  };
}

function globalDefsData(g: NonNullable<HostSpec['globalDefs']>): Record<string, unknown> {
  return { ...g, fieldLocations: undefined };
}

function clusterData(c: ClusterSpec): Record<string, unknown> {
  return {
    name: c.name,
    instance_name: c.instanceName,
    virtual_router_id: c.virtualRouterId,
    vips: c.vips,
    advert_int: c.advertInt,
    auth: authText(c.auth),
    preempt: c.preempt,
    preempt_delay: c.preemptDelay,
    unicast: c.unicast,
    members: c.members.map((m) => ({
      host: m.host,
      priority: m.priority,
      state: m.state,
      interface: m.interface,
      ...(m.advertInt !== undefined && { advert_int: m.advertInt }),
      ...(m.auth && { auth: authText(m.auth) }),
    })),
    track_interfaces: c.tracking.interfaces,
    track_scripts: c.trackScripts,
    track_processes: c.tracking.processes,
    track_files: c.tracking.files,
    virtual_routes: c.routes,
    virtual_rules: c.rules,
    options: c.options,
    notify: Object.fromEntries(
      Object.entries(c.notify).map(([k, s]) => [k, { path: s.path, deployed: s.content !== undefined }]),
    ),
    garp: c.garp,
    extra: c.extra,
  };
}

/** The resolved inventory as JSON-ready data (no positions, no secret values). */
export function describeInventory(inv: Inventory): Record<string, unknown> {
  return {
    files: inv.files,
    template_dir: inv.templateDir,
    hosts: inv.hosts.map(hostData),
    clusters: inv.clusters.map(clusterData),
    sync_groups: (inv.syncGroups ?? []).map((g) => ({
      name: g.name,
      group: g.clusters,
      tracking: g.tracking,
      notify: Object.fromEntries(
        Object.entries(g.notify).map(([k, s]) => [k, { path: s.path, deployed: s.content !== undefined }]),
      ),
      extra: g.extra,
    })),
  };
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Two tables: hosts (with the SSH target) and cluster members (one row per member). */
export function inventoryTables(inv: Inventory): string {
  const hosts = table(
    ['HOST', 'ADDRESS', 'INTERFACE', 'SSH', 'BECOME', 'CLUSTERS'],
    inv.hosts.map((h) => [
      h.name,
      h.prefix !== undefined ? `${h.address}/${h.prefix}` : h.address,
      h.interface,
      `${h.ssh.user}@${h.address}:${h.ssh.port}${h.ssh.proxyJump ? ` via ${h.ssh.proxyJump}` : ''}`,
      h.become.enabled ? 'sudo' : '-',
      inv.clusters
        .filter((c) => c.members.some((m) => m.host === h.name))
        .map((c) => c.name)
        .join(',') || '-',
    ]),
  );
  const members = table(
    ['CLUSTER', 'VRID', 'VIPS', 'MEMBER', 'PRIO', 'STATE', 'IF', 'ADVERT', 'AUTH', 'MODE'],
    inv.clusters.flatMap((c) =>
      c.members.map((m) => [
        c.name,
        String(c.virtualRouterId),
        c.vips.map((v) => `${v.address}/${v.prefix}`).join(','),
        m.host,
        String(m.priority),
        m.state,
        m.interface,
        `${m.advertInt ?? c.advertInt}s`,
        authText(m.auth ?? c.auth),
        [c.unicast ? 'unicast' : 'multicast', c.preempt ? '' : 'nopreempt'].filter(Boolean).join(','),
      ]),
    ),
  );
  return `${hosts}\n\n${members}`;
}
