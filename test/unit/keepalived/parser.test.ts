import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, parseConfigText } from '../../../src/keepalived/parser.js';
import { vrrpConf } from '../../../src/keepalived/instances.js';
import type { ConfigDiagnostic, ConfigNode } from '../../../src/keepalived/types.js';

const at = (d: ConfigDiagnostic): string => `${d.code}@${d.location.line}:${d.location.column}`;
const codes = (ds: ConfigDiagnostic[]): string[] => ds.map(at).sort();
const kw = (nodes: ConfigNode[]): string[] => nodes.map((n) => n.keyword);

const INSTANCE = [
  /* 1 */ 'vrrp_instance VI_1 {',
  /* 2 */ '    state MASTER',
  /* 3 */ '    interface eth0',
  /* 4 */ '    virtual_router_id 42',
  /* 5 */ '    priority 150',
  /* 6 */ '    authentication {',
  /* 7 */ '        auth_type PASS',
  /* 8 */ '        auth_pass s3cret',
  /* 9 */ '    }',
  /* 10 */ '    virtual_ipaddress {',
  /* 11 */ '        10.0.0.50/24 dev eth0 label eth0:vip',
  /* 12 */ '        10.0.0.51',
  /* 13 */ '    }',
  /* 14 */ '}',
].join('\n');

describe('keepalived.conf parser', () => {
  it('reads a vrrp_instance into blocks and value blocks with every position', () => {
    const p = parseConfigText(INSTANCE);
    expect(p.diagnostics).toEqual([]);
    const vi = p.nodes[0]!;
    expect(vi).toMatchObject({ kind: 'block', keyword: 'vrrp_instance', loc: { line: 1, column: 1 } });
    expect(vi.args[0]).toMatchObject({ text: 'VI_1', loc: { line: 1, column: 15 } });
    expect(kw(vi.children)).toEqual([
      'state',
      'interface',
      'virtual_router_id',
      'priority',
      'authentication',
      'virtual_ipaddress',
    ]);
    const vips = vi.children[5]!;
    expect(vips.kind).toBe('values');
    expect(vips.values.map((v) => v.map((t) => t.text))).toEqual([
      ['10.0.0.50/24', 'dev', 'eth0', 'label', 'eth0:vip'],
      ['10.0.0.51'],
    ]);
    expect(vips.values[1]![0]!.loc).toMatchObject({ line: 12, column: 9 });
    expect(vi.end).toMatchObject({ line: 14, column: 1 });
    const conf = vrrpConf(p).instances[0]!;
    expect(conf.authPass?.value).toBe('s3cret');
    expect(conf.vips.map((v) => [v.address, v.prefix])).toEqual([
      ['10.0.0.50', 24],
      ['10.0.0.51', undefined],
    ]);
  });

  it('splits braces anywhere outside quotes, as keepalived does: one-line blocks parse the same', () => {
    const p = parseConfigText(
      'vrrp_instance VI_1 { state BACKUP\n interface eth0\n virtual_ipaddress { 10.0.0.5 } }\nvrrp_script s { script "/bin/x {y}" }',
    );
    expect(p.diagnostics).toEqual([]);
    expect(kw(p.nodes)).toEqual(['vrrp_instance', 'vrrp_script']);
    expect(p.nodes[1]!.children[0]!.args[0]).toMatchObject({ text: '/bin/x {y}', quoted: true });
  });

  it('starts a comment at # or ! outside quotes, keeps them inside quotes and when escaped', () => {
    const p = parseConfigText(
      [
        '! a comment',
        'vrrp_script chk { # trailing',
        '  script "/usr/bin/test -f /tmp/#x!"',
        '  user nobody\\#1 ! comment',
        '}',
      ].join('\n'),
    );
    expect(p.diagnostics).toEqual([]);
    const [script, user] = p.nodes[0]!.children;
    expect(script!.args[0]!.text).toBe('/usr/bin/test -f /tmp/#x!');
    expect(user!.args.map((t) => t.text)).toEqual(['nobody#1']);
  });

  it('warns where a # or ! glued to a value cuts it (auth_pass P@##word is P@ for keepalived)', () => {
    const p = parseConfigText('vrrp_instance V {\n  authentication {\n    auth_pass P@##word\n  }\n}');
    expect(codes(p.diagnostics)).toEqual(['KC104@3:17']);
    expect(vrrpConf(p).instances[0]!.authPass?.value).toBe('P@');
  });

  it('names an unknown keyword with the keyword keepalived knows there (did you mean)', () => {
    const p = parseConfigText(
      'vrrp_instance V {\n  virtual_router_idd 5\n  garp_master_delay 1\n}\nglobal_defs {\n  advert_int 1\n}',
    );
    expect(codes(p.diagnostics)).toEqual(['KC001@2:3', 'KC001@6:3']);
    expect(p.diagnostics[0]!.hint).toBe("did you mean 'virtual_router_id'?");
    expect(p.diagnostics[1]!.hint).toMatch(/belongs in vrrp_instance/);
  });

  it("reproduces keepalived's reading of a block after a keyword that takes none: its } closes the enclosing block", () => {
    const text = [
      /* 1 */ 'vrrp_instance V {',
      /* 2 */ '  interface eth0',
      /* 3 */ '  foo_options {',
      /* 4 */ '    priority 100',
      /* 5 */ '  }',
      /* 6 */ '  virtual_router_id 5',
      /* 7 */ '}',
    ].join('\n');
    const p = parseConfigText(text);
    expect(codes(p.diagnostics)).toEqual(['KC001@3:3', 'KC001@6:3', 'KC002@3:15', 'KC002@5:3', 'KC004@7:1']);
    // priority landed in the instance; virtual_router_id fell out of it, as keepalived reads it
    expect(kw(p.nodes[0]!.children)).toEqual(['interface', 'foo_options', 'priority']);
  });

  it('reports a block keyword without { and a block left open at the end of the file', () => {
    expect(codes(parseConfigText('vrrp_instance V\n  state BACKUP\n}').diagnostics)).toEqual(['KC003@1:15']);
    expect(codes(parseConfigText('vrrp_instance V {\n  state BACKUP\n').diagnostics)).toEqual(['KC005@1:1']);
    expect(codes(parseConfigText('}\n').diagnostics)).toEqual(['KC004@1:1']);
  });

  it('takes the name of virtual_server_group (no KC010), warns on words after it and on a value block with any', () => {
    const group = parseConfigText('virtual_server_group WEB {\n  10.0.0.1 80\n}\n');
    expect(codes(group.diagnostics)).toEqual([]);
    expect(group.nodes[0]!.values.map((l) => l.map((t) => t.text))).toEqual([['10.0.0.1', '80']]);
    expect(
      codes(parseConfigText('virtual_server_group WEB extra {\n  10.0.0.1 80\n}\n').diagnostics),
    ).toEqual(['KC010@1:26']);
    const email = 'global_defs {\n  notification_email x {\n    a@b\n  }\n}\n';
    expect(codes(parseConfigText(email).diagnostics)).toEqual(['KC010@2:22']);
  });

  it('reads @ID lines only for that config id, @^ID lines only for the others', () => {
    const text = 'vrrp_instance V {\n@lb1 priority 150\n@^lb1 priority 100\n}';
    const prio = (id?: string): string[] =>
      parseConfigText(text, 'k.conf', {}, id === undefined ? {} : { configId: id }).nodes[0]!.children.map(
        (c) => c.args[0]!.text,
      );
    expect(prio('lb1')).toEqual(['150']);
    expect(prio('lb2')).toEqual(['100']);
    expect(prio()).toEqual(['100']);
  });

  it('expands $NAME definitions, multi-line ones into several lines, at the position of the $', () => {
    const text = [
      '$IF=eth1',
      '$VIPS=10.0.0.1 \\',
      '  10.0.0.2',
      'vrrp_instance V {',
      '  interface $IF',
      '  virtual_ipaddress {',
      '    $VIPS',
      '  }',
      '}',
    ].join('\n');
    const p = parseConfigText(text);
    expect(p.diagnostics).toEqual([]);
    const conf = vrrpConf(p).instances[0]!;
    expect(conf.interface).toMatchObject({ value: 'eth1', loc: { line: 5, column: 13 } });
    expect(conf.vips.map((v) => [v.address, v.loc.line, v.loc.column])).toEqual([
      ['10.0.0.1', 7, 5],
      ['10.0.0.2', 7, 5],
    ]);
  });

  it('reports template placeholders once each and reads on (instead of dozens of brace errors)', () => {
    const p = parseConfigText(
      'vrrp_instance V {\n  state {{ STATE }}\n  priority ${prio}\n  interface eth0\n}',
    );
    expect(codes(p.diagnostics)).toEqual(['KC016@2:9', 'KC016@3:12']);
    expect(kw(p.nodes[0]!.children)).toEqual(['state', 'priority', 'interface']);
  });

  it('reports merge-conflict markers where they stand', () => {
    const p = parseConfigText(
      'vrrp_instance V {\n<<<<<<< HEAD\n  priority 100\n=======\n  priority 90\n>>>>>>> other\n}',
    );
    expect(codes(p.diagnostics)).toEqual(['KC015@2:1', 'KC015@4:1', 'KC015@6:1']);
  });
});

describe('include', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'vipctl-kc-'));

  it('reads globs relative to the including file, in sorted order, with positions in each file', () => {
    const d = dir();
    mkdirSync(join(d, 'conf.d'));
    writeFileSync(join(d, 'keepalived.conf'), 'global_defs {\n  router_id lb1\n}\ninclude conf.d/*.conf\n');
    writeFileSync(join(d, 'conf.d', 'b.conf'), 'vrrp_instance B {\n  interface eth0\n}\n');
    writeFileSync(join(d, 'conf.d', 'a.conf'), 'vrrp_instance A {\n  interface eth0\n}\n');
    writeFileSync(join(d, 'conf.d', 'x.txt'), 'not included\n');
    const p = parseConfig(join(d, 'keepalived.conf'));
    expect(p.diagnostics).toEqual([]);
    expect(p.nodes.map((n) => n.args[0]?.text ?? n.keyword)).toEqual(['global_defs', 'A', 'B']);
    expect(p.nodes[1]!.loc).toEqual({ file: join(d, 'conf.d/a.conf'), line: 1, column: 1 });
    expect(p.files).toHaveLength(3);
  });

  it('reports a missing include and an include cycle at the include line, and reads on', () => {
    const d = dir();
    writeFileSync(
      join(d, 'a.conf'),
      'include b.conf\ninclude missing.conf\nvrrp_script s {\n  script /bin/true\n}\n',
    );
    writeFileSync(join(d, 'b.conf'), '\ninclude a.conf\n');
    const p = parseConfig(join(d, 'a.conf'));
    expect(
      p.diagnostics.map((x) => `${x.code}@${x.location.file.split('/').pop()}:${x.location.line}`),
    ).toEqual(['KC008@b.conf:2', 'KC007@a.conf:2']);
    expect(kw(p.nodes)).toEqual(['vrrp_script']);
  });

  it('refuses a directory, a binary file and a file too large, with a finding, not a crash', () => {
    const d = dir();
    writeFileSync(join(d, 'bin.conf'), Buffer.from([0x76, 0x72, 0x00, 0x01, 0x0a]));
    writeFileSync(join(d, 'big.conf'), Buffer.alloc(5 * 1024 * 1024, 0x20));
    for (const [file, what] of [
      [d, 'is a directory'],
      [join(d, 'bin.conf'), 'not a text file'],
      [join(d, 'big.conf'), 'larger than'],
      [join(d, 'none.conf'), 'no such file'],
    ] as const) {
      const p = parseConfig(file);
      expect(p.diagnostics).toHaveLength(1);
      expect(p.diagnostics[0]).toMatchObject({ code: 'KC009', severity: 'error', location: { line: 1 } });
      expect(p.diagnostics[0]!.message).toContain(what);
    }
  });
});
