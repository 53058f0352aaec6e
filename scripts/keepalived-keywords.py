#!/usr/bin/env python3
"""Extract keepalived's keyword tree from its C source (the install_keyword* calls), for src/keepalived/keywords.ts.

Usage: scripts/keepalived-keywords.py KEEPALIVED_GIT_DIR TAG > src/keepalived/keywords.data.ts

It replays the install calls of the parent process's global_init_keywords() (every subsystem, all keywords)
in source order: install_keyword_root starts a root keyword, install_keyword adds one at the current
sublevel, install_sublevel/_end move down/up; helper functions that install keywords are followed.
#if branches are all taken (the Debian build enables nearly everything). A keyword whose handler reads
its own `{ ... }` of values (alloc_value_block / read_value_block, directly or through a helper) is a
value block; one with sub-keywords is a keyword block.
"""
import json
import re
import subprocess
import sys

git_dir, tag = sys.argv[1], sys.argv[2]
files = subprocess.run(['git', '--git-dir', git_dir, 'grep', '-l', '-e', 'install_keyword', '-e', 'value_block',
                        tag, '--', '*.c'], capture_output=True, text=True, check=True).stdout.split()
src = ''
for f in files:
    src += subprocess.run(['git', '--git-dir', git_dir, 'show', f], capture_output=True, text=True,
                          check=True).stdout + '\n'

# strip comments
src = re.sub(r'/\*.*?\*/', '', src, flags=re.S)
src = re.sub(r'//[^\n]*', '', src)

funcs = {}
all_bodies = {}
params = {}
for m in re.finditer(r'^(\w+)\s*\(([^)]*)\)\s*\n\{', src, flags=re.M):
    name = m.group(1)
    start = m.end() - 1
    depth = 0
    i = start
    while i < len(src):
        c = src[i]
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                break
        i += 1
    body = src[start:i + 1]
    all_bodies.setdefault(name, []).append(body)
    if name not in funcs or 'install_' in body:
        funcs[name] = body
        params[name] = [p.strip().split()[-1].lstrip('*') if p.strip() else '' for p in m.group(2).split(',')]

CALL = re.compile(r'^[ \t]*(install_keyword_root|install_keyword_conditional|install_keyword|install_sublevel_end|'
                  r'install_sublevel|(?!(?:if|while|for|switch|return)\b)(\w+))\s*\(([^;]*?)\)\s*;', re.S | re.M)

roots = {}      # name -> node
stack = []      # current path of nodes: stack[0] root, stack[k] the last keyword at level k
sublevel = 0


def node(handler):
    return {'handler': handler, 'sub': {}}


def add(name, handler):
    global stack
    if sublevel == -1:
        return
    parent = stack[sublevel]
    existing = parent['sub'].get(name)
    n = existing or node(handler)
    if existing is None:
        parent['sub'][name] = n
    elif handler and handler not in existing.setdefault('handlers', []):
        existing['handlers'].append(handler)
    stack = stack[:sublevel + 1] + [n]


def args_of(s):
    return [a.strip() for a in re.split(r',(?![^(]*\))', s)]


def replay(fname, env, seen):
    global sublevel, stack
    body = funcs.get(fname)
    if body is None or fname in seen:
        return
    for m in CALL.finditer(body):
        kind, other, argstr = m.group(1), m.group(2), m.group(3)
        a = args_of(argstr)

        def lit(x):
            x = x.strip()
            if x.startswith('"'):
                return x.strip('"')
            return env.get(x)
        if kind == 'install_keyword_root':
            name = lit(a[0])
            h = a[1].lstrip('&').strip()
            n = roots.get(name)
            if n is None:
                n = roots[name] = node(h)
            else:
                n.setdefault('handlers', []).append(h)
            stack = [None, n]
            # stack[0] is the virtual top; level 0 keywords under the root are at sublevel 0 -> parent stack[1]
            sublevel = 1
        elif kind in ('install_keyword', 'install_keyword_conditional'):
            name = lit(a[0])
            if name is None:
                print(f'warning: non-literal keyword {a[0]} in {fname}', file=sys.stderr)
                continue
            add(name, a[1].lstrip('&').strip())
        elif kind == 'install_sublevel':
            sublevel += 1
        elif kind == 'install_sublevel_end':
            sublevel -= 1
        elif other and other in funcs and 'install_' in funcs[other] and other != fname:
            p = params.get(other, [])
            sub_env = {}
            for pn, av in zip(p, a):
                if av.startswith('"'):
                    sub_env[pn] = av.strip('"')
            replay(other, sub_env, seen | {fname})


for init in ['init_global_keywords', 'init_vrrp_keywords', 'init_check_keywords', 'init_bfd_keywords',
             'add_track_file_keywords']:
    replay(init, {}, set())

# Which handlers read a value block, directly or through helpers (depth 3).
calls_value_block = {}


def reads_block(fname, depth=0):
    if fname in calls_value_block:
        return calls_value_block[fname]
    bodies = all_bodies.get(fname)
    if bodies is None or depth > 3:
        return False
    body = '\n'.join(bodies)
    calls_value_block[fname] = False
    r = bool(re.search(r'\b(alloc_value_block|read_value_block)\s*\(', body))
    if not r:
        for c in set(re.findall(r'\b(\w+)\s*\(', body)):
            if c != fname and c in funcs and not c.startswith('install_') and reads_block(c, depth + 1):
                r = True
                break
    calls_value_block[fname] = r
    return r


def out(n):
    res = {}
    for name, child in n['sub'].items():
        res[name] = out(child)
    hs = [n['handler']] + n.get('handlers', [])
    kind = 'keywords' if n['sub'] else ('values' if any(h and reads_block(h) for h in hs) else None)
    o = {}
    if kind:
        o['block'] = kind
    if res:
        o['sub'] = res
    return o


tree = {name: out(n) for name, n in roots.items()}
print(f'// Generated by scripts/keepalived-keywords.py from keepalived {tag} (do not edit by hand).')
print('// block: "keywords" = a block of sub-keywords, "values" = a block the keyword reads as lines of values.')
print("import type { KeywordTable } from './keywords.js';\n")
print(f'export const KEEPALIVED_VERSION = {json.dumps(tag.lstrip("v"))};\n')
print('export const KEYWORDS: KeywordTable = ' + json.dumps(tree, indent=2, sort_keys=False) + ';')
