// The lab's keepalived source builds: one cache entry per version, rebuilt when the recipe or the base changes.
import { describe, expect, it } from 'vitest';
import {
  LAB_KEEPALIVED_VERSIONS,
  buildRecipeHash,
  keepalivedUnit,
  prefixOf,
  requireLabVersion,
} from '../../../src/lab/keepalived-build.js';

describe('keepalived source builds for the lab', () => {
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
