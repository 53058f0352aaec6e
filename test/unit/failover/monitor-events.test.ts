import { describe, expect, it } from 'vitest';
import { parseMonitorLine, parseNaiveTimestamp } from '../../../src/failover/monitor-events.js';

// Lines as iproute2 6.1 prints them with `ip -o -ts monitor address` (captured on Debian 12).
const ADD =
  '[2026-11-25T08:30:57.316814] 2: eth0    inet 10.10.10.50/32 scope global eth0\\       valid_lft forever preferred_lft forever';
const DEL =
  '[2026-11-25T08:30:57.318754] Deleted 2: eth0    inet 10.10.10.50/32 scope global eth0\\       valid_lft forever preferred_lft forever';

describe('ip -o -ts monitor address lines', () => {
  it('parses an add with its timestamp to the microsecond', () => {
    const e = parseMonitorLine('lb-host-2', ADD);
    expect(e).toMatchObject({
      host: 'lb-host-2',
      kind: 'add',
      address: '10.10.10.50',
      prefix: 32,
      dev: 'eth0',
    });
    expect(e!.hostMs).toBeCloseTo(Date.UTC(2026, 10, 25, 8, 30, 57) + 316.814, 3);
  });

  it('parses a removal ("Deleted") and keeps the order of close events', () => {
    const a = parseMonitorLine('h', ADD)!;
    const d = parseMonitorLine('h', DEL)!;
    expect(d.kind).toBe('remove');
    expect(d.hostMs - a.hostMs).toBeCloseTo(1.94, 3);
  });

  it('parses IPv6 and labelled interfaces', () => {
    const e = parseMonitorLine(
      'h',
      '[2026-01-02T03:04:05.5] 3: ens3    inet6 2001:DB8::50/128 scope global \\       valid_lft forever',
    );
    expect(e).toMatchObject({ address: '2001:db8::50', prefix: 128, dev: 'ens3', kind: 'add' });
    expect(e!.hostMs % 1000).toBe(500);
  });

  it('ignores lines that are not address events', () => {
    expect(parseMonitorLine('h', '')).toBeUndefined();
    expect(parseMonitorLine('h', 'VIPCTL-MONITOR-READY')).toBeUndefined();
    expect(
      parseMonitorLine('h', '[2026-11-25T08:30:57.316814] 2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500'),
    ).toBeUndefined();
  });

  it('reads the naive stamp date prints before acting', () => {
    expect(parseNaiveTimestamp('2026-11-25T08:30:57.123456789\n')).toBeCloseTo(
      Date.UTC(2026, 10, 25, 8, 30, 57) + 123.456789,
      3,
    );
    expect(parseNaiveTimestamp('garbage')).toBeUndefined();
  });
});
