import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keepalivedMasker } from '../../../src/operations/keepalived.js';
import { sha256 } from '../../../src/operations/files.js';

describe('keepalived.config masking', () => {
  it('masks the inventory secrets and any auth_pass an old file still holds', () => {
    const mask = keepalivedMasker(['n3w-secret']);
    const text =
      'authentication {\n    auth_type PASS\n    auth_pass 0ld-secret\n}\n# n3w-secret in a comment\n';
    const masked = mask(text);
    expect(masked).not.toContain('0ld-secret');
    expect(masked).not.toContain('n3w-secret');
    expect(masked).toContain('auth_pass ********');
    expect(masked).toContain('auth_type PASS');
  });

  it('compares files by the same checksum sha256sum prints on the host', () => {
    const text = 'global_defs {\n  router_id lb-1\n}\n# ünïcode\n';
    const onHost = execFileSync('sha256sum', { input: text }).toString().split(' ')[0];
    expect(sha256(text)).toBe(onHost);
  });
});
