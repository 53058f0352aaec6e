import { describe, expect, it } from 'vitest';
import { compactNames, countedNames } from '../../../src/report/host-list.js';
import { labDownLine, labStatusLines, labUpLines } from '../../../src/report/lab-text.js';

const hosts = (n: number): string[] => Array.from({ length: n }, (_, i) => `lb-host-${i + 1}`);

describe('host lists at fleet scale', () => {
  it('folds a numbered run into one range, in the hostlist notation', () => {
    expect(compactNames(hosts(100))).toBe('lb-host-[1-100]');
  });

  it('keeps gaps, lone names, other prefixes and first-appearance order', () => {
    expect(
      compactNames(['lb-host-3', 'db', 'lb-host-1', 'lb-host-2', 'lb-host-7', 'web1', 'lb-host-9']),
    ).toBe('lb-host-[1-3,7,9], db, web1');
  });

  it('zero-padded numbers keep their width and do not merge with unpadded ones', () => {
    expect(compactNames(['lb01', 'lb02', 'lb03', 'lb1'])).toBe('lb[01-03], lb1');
  });

  it('names that are only digits, or have none, stay as they are', () => {
    expect(compactNames(['10', 'alpha', 'beta'])).toBe('10, alpha, beta');
  });

  it('counts and names', () => {
    expect(countedNames(['a'], 'host')).toBe('1 host (a)');
    expect(countedNames(hosts(3), 'host')).toBe('3 hosts (lb-host-[1-3])');
  });
});

describe('lab commands', () => {
  const lab = (n: number) =>
    hosts(n).map((name, i) => ({
      name,
      address: `10.10.10.${51 + i}`,
      system: i === 4 ? 'stopped' : 'running',
      vips: i % 2 === 0 && i !== 4 ? [`10.10.10.${2 + i}`] : [],
    }));

  it('lab up lists a small lab host by host, a large one in one line', () => {
    expect(labUpLines(lab(2))).toEqual(['  lb-host-1    10.10.10.51', '  lb-host-2    10.10.10.52']);
    expect(labUpLines(lab(100))).toEqual(['  lb-host-[1-100]  10.10.10.51 … 10.10.10.150']);
  });

  it('lab down folds the removed hosts', () => {
    expect(labDownLine(hosts(100), 9.42)).toBe('lab: removed 100 hosts (lb-host-[1-100]) in 9.4s');
    expect(labDownLine([], 0.1)).toBe('lab: removed 0 host(s) in 0.1s');
  });

  it('lab status: the table for a small lab or -v, one line per state and the VIP count for a large one', () => {
    expect(labStatusLines(lab(3), false)).toHaveLength(4);
    expect(labStatusLines(lab(100), true)).toHaveLength(101);
    expect(labStatusLines(lab(100), false)).toEqual([
      'running: 99 hosts (lb-host-[1-4,6-100])',
      'stopped: 1 host (lb-host-5)',
      'VIPs: 49 held by 49 hosts (-v or --json: who holds which)',
    ]);
  });
});
