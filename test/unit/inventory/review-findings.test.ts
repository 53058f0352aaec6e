// Regression tests for the security review's inventory findings (../shared/reviews/security-review.md):
// H2 names, H3 secrets read once, M4 special files, M5 linear loading, M6 aliases, L1 hidden passwords, L12 odd YAML.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, formatFindings } from '../../../src/inventory/findings.js';
import { loadInventory, loadInventoryTexts } from '../../../src/inventory/load.js';
import { refuseConfigBreakers, renderHostConfig } from '../../../src/render/render.js';

const dir = mkdtempSync(join(tmpdir(), 'vipctl-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InventoryError) return err.findings.map((f) => f.code);
    throw err;
  }
  return [];
}

async function loadCodes(files: string[]): Promise<{ codes: string[]; message: string }> {
  try {
    const { findings } = await loadInventory(files);
    return { codes: findings.map((f) => f.code), message: formatFindings(findings) };
  } catch (err) {
    if (err instanceof InventoryError)
      return { codes: err.findings.map((f) => f.code), message: err.message };
    throw err;
  }
}

const cluster = (name: string, extra = ''): string => `
hosts: { lb1: { address: 10.10.10.51/24 }, lb2: { address: 10.10.10.52/24 } }
clusters:
  ${name}:
    instance_name: VI_1
    virtual_router_id: 51
    vips: [10.10.10.50]
    members: { lb1: { priority: 100 }, lb2: { priority: 90 } }
${extra}`;

describe('H2: names are validated, and rendering refuses config-breaking values', () => {
  const injected = JSON.stringify('web\nglobal_defs {\n    script_user root\n}\n#');

  it('refuses a cluster name with a newline (the review repro), at the key, with NAME001', () => {
    const text = cluster(injected);
    expect(codesOf(() => loadInventoryTexts(new Map([['/inj.yaml', text]])))).toEqual(['NAME001']);
    try {
      loadInventoryTexts(new Map([['/inj.yaml', text]]));
    } catch (err) {
      expect((err as Error).message).toMatch(/\/inj\.yaml:4:3: error NAME001 clusters: "web\\nglobal_defs/);
    }
  });

  it('refuses host names and member keys that are not plain names, and names with / or ..', () => {
    const text = `
hosts: { "lb1\\nglobal_defs {\\n}\\n#": { address: 10.10.10.51/24 }, "../x": { address: 10.10.10.52/24 } }
clusters:
  c1:
    virtual_router_id: 51
    vips: [10.10.10.50]
    members: { "lb 1": { priority: 100 } }
`;
    expect(codesOf(() => loadInventoryTexts(new Map([['/h.yaml', text]])))).toEqual([
      'NAME001',
      'NAME001',
      'NAME001',
    ]);
  });

  it('accepts the names people use', () => {
    const text = cluster('cluster-lb_v4.1');
    expect(codesOf(() => loadInventoryTexts(new Map([['/ok.yaml', text]])))).toEqual([]);
  });

  it('the render guard refuses newline, braces, quotes, # and ! anywhere in the view', () => {
    for (const bad of ['a\nb', 'a\rb', 'a{', 'a}', 'a#b', 'a!b', 'a"b']) {
      expect(() => refuseConfigBreakers({ instances: [{ extra: [{ value: bad }] }] }, 'lb1')).toThrow(
        /instances\[0\]\.extra\[0\]\.value holds/,
      );
    }
    expect(() =>
      refuseConfigBreakers({ host: 'lb1', instances: [{ vips: ['10.0.0.1/24 dev eth0'] }] }, 'lb1'),
    ).not.toThrow();
  });
});

describe('H3: a password file is read once, must be a regular file, and an empty password never renders as none', () => {
  it('a FIFO as password_file is refused at once (no hang, no silent empty password)', async () => {
    const fifo = join(dir, 'pw.fifo');
    execFileSync('mkfifo', [fifo]);
    const inv = join(dir, 'fifo.yaml');
    writeFileSync(inv, cluster('c1', `    auth: { type: PASS, password_file: ${fifo} }\n`));
    const { codes, message } = await loadCodes([inv]);
    expect(codes).toEqual(['AUTH002']);
    expect(message).toMatch(/a FIFO \(pipe\), not a regular file/);
  });

  it('lint and every render see the value read the first time, even if the file changes', async () => {
    const pw = join(dir, 'pw.txt');
    writeFileSync(pw, 'first1\n');
    const inv = join(dir, 'once.yaml');
    writeFileSync(inv, cluster('c1', `    auth: { type: PASS, password_file: ${pw} }\n`));
    const { inventory } = await loadInventory([inv]);
    writeFileSync(pw, 'second\n');
    expect(renderHostConfig(inventory, 'lb1').text).toContain('auth_pass first1');
    expect(renderHostConfig(inventory, 'lb2').text).toContain('auth_pass first1');
  });

  it('an empty password is an error at render time, not a config without authentication', async () => {
    const pw = join(dir, 'empty.txt');
    writeFileSync(pw, '\n');
    const inv = join(dir, 'empty.yaml');
    writeFileSync(inv, cluster('c1', `    auth: { type: PASS, password_file: ${pw} }\n`));
    const { inventory, findings } = await loadInventory([inv]);
    expect(findings.map((f) => f.code)).toEqual(['AUTH005']);
    expect(() => renderHostConfig(inventory, 'lb1')).toThrow(
      /is empty: refusing to render lb1 without authentication/,
    );
  });
});

describe('M4: inputs must be regular files under a size cap', () => {
  it('a FIFO, a directory, /dev/zero and an oversized file are FILE001 findings, at once', async () => {
    const fifo = join(dir, 'inv.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 0x23));
    for (const [file, reason] of [
      [fifo, /a FIFO \(pipe\), not a regular file/],
      [dir, /a directory, not a regular file/],
      ['/dev/zero', /a character device, not a regular file/],
      [big, /too large/],
      [join(dir, 'missing.yaml'), /no such file/],
    ] as const) {
      const { codes, message } = await loadCodes([file]);
      expect(codes).toEqual(['FILE001']);
      expect(message).toMatch(reason);
    }
  });

  it('bytes that are not UTF-8 are FILE001, not U+FFFD read silently', async () => {
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from('hosts: { caf\xe9: { address: 10.10.10.51 } }\n', 'latin1'));
    const { codes, message } = await loadCodes([latin1]);
    expect(codes).toEqual(['FILE001']);
    expect(message).toMatch(/not UTF-8 text/);
  });
});

describe('M6 and L12: anchors, tags, merge keys and __proto__', () => {
  it('one anchor shared by 500 hosts loads (it crashed past 100)', () => {
    const hosts = Array.from({ length: 500 }, (_, i) =>
      i === 0
        ? `  h0: { address: 10.10.10.1, ssh: &ssh { user: ops, port: 22 } }`
        : `  h${i}: { address: 10.10.${Math.floor(i / 200)}.${(i % 200) + 1}, ssh: *ssh }`,
    );
    const { inventory } = loadInventoryTexts(new Map([['/a.yaml', `hosts:\n${hosts.join('\n')}\n`]]));
    expect(inventory.hosts).toHaveLength(500);
    expect(inventory.hosts[499]?.ssh.user).toBe('ops');
  });

  it('a billion-laughs alias bomb is YAML001 (exit code INVENTORY), not an internal error', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(codesOf(() => loadInventoryTexts(new Map([['/bomb.yaml', lines.join('\n') + '\n']])))).toEqual([
      'YAML001',
    ]);
  });

  it('unknown tags are YAML003; __proto__ is NAME001; merge keys work', () => {
    expect(codesOf(() => loadInventoryTexts(new Map([['/t.yaml', 'hosts: !custom { }\n']])))).toEqual([
      'YAML003',
    ]);
    expect(
      codesOf(() =>
        loadInventoryTexts(new Map([['/p.yaml', 'hosts:\n  __proto__: { address: 10.10.10.51 }\n']])),
      ),
    ).toEqual(['NAME001']);
    const { inventory } = loadInventoryTexts(
      new Map([
        [
          '/m.yaml',
          'hosts:\n  lb0: &base { address: 10.10.10.51, interface: ens3 }\n  lb1: { <<: *base, address: 10.10.10.52 }\n',
        ],
      ]),
    );
    expect(inventory.hosts.find((h) => h.name === 'lb1')?.interface).toBe('ens3');
  });

  it('every duplicate key is YAML002 at its position', () => {
    const text = 'hosts:\n  lb1: { address: 10.10.10.51 }\n  lb1: { address: 10.10.10.52 }\n';
    try {
      loadInventoryTexts(new Map([['/d.yaml', text]]));
      expect.unreachable();
    } catch (err) {
      expect(
        (err as InventoryError).findings.map((f) => [f.code, f.location.line, f.location.column]),
      ).toEqual([['YAML002', 3, 3]]);
    }
  });
});

describe('L1: inline passwords never appear in findings', () => {
  it('a number as password is reported without its value, and excerpts hide the password', () => {
    const text = cluster('c1', '    auth: { type: PASS, password: 73519246 }\n');
    const err = (() => {
      try {
        loadInventoryTexts(new Map([['/pw.yaml', text]]));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(
      /SCH001 clusters\.c1\.auth\.password: expected text, got a number \(value hidden\)/,
    );
    expect(err?.message).not.toContain('73519246');
    const long = cluster('c1', '    auth: { type: PASS, password: "Zq9xK2p!long" }\n');
    const { findings } = loadInventoryTexts(new Map([['/pw2.yaml', long]]));
    const shown = formatFindings(findings, new Map([['/pw2.yaml', long]]));
    expect(findings.length).toBeGreaterThan(0);
    expect(shown).not.toContain('Zq9xK2p');
  });
});

describe('M5: loading is linear', () => {
  it('a 20k-key map (vars) loads in well under the seconds it took (quadratic key checks)', () => {
    // A functional check, not a timing goal (that is in bench/): the big map loads and keeps its keys.
    const vars = Array.from({ length: 20_000 }, (_, i) => `      k${i}: ${i}`).join('\n');
    const { inventory } = loadInventoryTexts(
      new Map([['/v.yaml', `hosts:\n  lb1:\n    address: 10.10.10.51\n    vars:\n${vars}\n`]]),
    );
    expect(Object.keys(inventory.hosts[0]?.vars ?? {})).toHaveLength(20_000);
  });
});
