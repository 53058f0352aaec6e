// Builds bundles from the real keepalived 2.2.7 recordings (test/fixtures/diagnose/recorded/README.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Bundle, HostEvidence } from '../../../src/diagnose/evidence.js';

export const REC = resolve(import.meta.dirname, '../../fixtures/diagnose/recorded');
export const read = (path: string): string => readFileSync(`${REC}/${path}`, 'utf8');

/** ip -o addr of a lab-like host: its own address, and the VIP when it holds it */
export function ipAddr(own: string, vip?: string): string {
  const lines = [
    `1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever`,
    `2: eth0    inet ${own}/24 scope global eth0\\       valid_lft forever preferred_lft forever`,
  ];
  if (vip)
    lines.push(`2: eth0    inet ${vip}/32 scope global eth0\\       valid_lft forever preferred_lft forever`);
  return `${lines.join('\n')}\n`;
}

export const LINK_UP =
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether da:62:a3:e9:81:a4 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n';

export function host(name: string, parts: Partial<HostEvidence>): HostEvidence {
  return { host: name, facts: {}, ...parts };
}

/** A recorded pair case: h1 ran ok1.conf, h2 ran the case's config. */
export function pairBundle(
  kase: string,
  h2conf: string,
  extra: { h1?: Partial<HostEvidence>; h2?: Partial<HostEvidence> } = {},
): Bundle {
  return {
    hosts: [
      host('lb-host-1', { log: read(`pairs/${kase}-h1.log`), config: read('configs/ok1.conf'), ...extra.h1 }),
      host('lb-host-2', {
        log: read(`pairs/${kase}-h2.log`),
        config: read(`configs/${h2conf}`),
        ...extra.h2,
      }),
    ],
    unreachable: [],
  };
}
