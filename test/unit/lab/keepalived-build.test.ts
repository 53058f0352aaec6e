// The lab's keepalived source builds: one cache entry per version, rebuilt when the recipe or the base changes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LAB_KEEPALIVED_VERSIONS,
  VENDORED_DIR,
  VENDORED_SHA256,
  buildRecipeHash,
  keepalivedUnit,
  prefixOf,
  requireLabVersion,
} from '../../../src/lab/keepalived-build.js';

describe('keepalived source builds for the lab', () => {
  it('ships the source of every lab version, as recorded in SOURCES.md (a fresh machine cannot reach GitHub)', () => {
    const sources = readFileSync(join(VENDORED_DIR, 'SOURCES.md'), 'utf8');
    for (const v of LAB_KEEPALIVED_VERSIONS) {
      const file = join(VENDORED_DIR, `keepalived-${v}.tar.xz`);
      const sum = createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(sum, file).toBe(VENDORED_SHA256[v]);
      expect(sources).toContain(sum);
      const names = execFileSync('tar', ['-t', '-J', '-f', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
      expect(names).toContain(`keepalived-${v}/COPYING`);
      expect(names).toContain(`keepalived-${v}/keepalived/main.c`);
    }
  });

  it('has a recipe hash per version', () => {
    const hashes = LAB_KEEPALIVED_VERSIONS.map(buildRecipeHash);
    expect(new Set(hashes).size).toBe(LAB_KEEPALIVED_VERSIONS.length);
    expect(buildRecipeHash('2.1.5')).toBe(buildRecipeHash('2.1.5'));
  });

  it('runs the build in the foreground under systemd, from its own prefix', () => {
    const unit = keepalivedUnit('2.1.5');
    expect(unit).toContain(`ExecStart=${prefixOf('2.1.5')}/sbin/keepalived --dont-fork --log-detail`);
    expect(unit).toContain('ConditionFileNotEmpty=/etc/keepalived/keepalived.conf');
    // 1.x: VRRP only, or its health checker respawns in a loop on a kernel without IPVS
    expect(keepalivedUnit('1.3.5')).toMatch(/--log-detail --vrrp$/m);
  });

  it('refuses a version the lab does not build, saying which it does', () => {
    expect(() => requireLabVersion('2.2.7')).toThrow(/1\.3\.5, 2\.1\.5, 2\.3\.3/);
    expect(() => requireLabVersion('2.1.5')).not.toThrow();
  });
});
