import { describe, expect, it } from 'vitest';
import { extraLines, isDeniedExtra } from '../../../src/inventory/vrrp/extra.js';
import { num, quoted, word } from '../../../src/inventory/vrrp/kit.js';

// The last line of defence when rendering: values that lint would refuse never become config text.

describe('rendering helpers', () => {
  it('numbers never come out in exponent form', () => {
    expect(num(1e21)).toBe('1000000000000000000000');
    expect(num(0.000001)).toBe('0.000001');
    expect(num(2.5e-1)).toBe('0.25');
    expect(num(-1)).toBe('-1');
    expect(() => num(Number.NaN)).toThrow();
  });

  it('words and quoted strings refuse what would break out of a line or a block', () => {
    expect(word('eth0:web')).toBe('eth0:web');
    for (const bad of ['a b', 'x}', '{', 'a#b', 'a!b', '"q"', 'a\nb', 'a\\b', ''])
      expect(() => word(bad), JSON.stringify(bad)).toThrow();
    expect(quoted('/usr/bin/pgrep -x haproxy')).toBe('"/usr/bin/pgrep -x haproxy"');
    for (const bad of ['a"b', 'a\nb', 'x}', '  ']) expect(() => quoted(bad), JSON.stringify(bad)).toThrow();
  });

  it('extra refuses denied keywords and breaking values even when lint was skipped', () => {
    for (const k of [
      'notify_master',
      'notify',
      'startup_script',
      'include',
      'track_script',
      'vrrp_notify_fifo',
    ])
      expect(isDeniedExtra(k), k).toBe(true);
    expect(isDeniedExtra('kernel_rx_buf_size')).toBe(false);
    expect(() => extraLines({ include: '/x' })).toThrow();
    expect(() => extraLines({ mcast_src_ip: '1 }\nvrrp_instance X {' })).toThrow();
    expect(extraLines({ a: true, b: false, c: 3, d: ['x', 'y'] })).toEqual([
      'a',
      'c 3',
      'd {',
      '    x',
      '    y',
      '}',
    ]);
  });
});
