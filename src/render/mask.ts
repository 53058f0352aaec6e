export const MASK = '********';

/** Replaces every occurrence of every secret by ******** (longest first, so a secret inside another is covered). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(MASK);
  }
  return out;
}

/**
 * Masks known secrets and any auth_pass value in a keepalived config: a file on a host may hold a password the
 * inventory no longer has, so the keyword decides, not only the known values.
 */
export function maskKeepalivedConfig(text: string, secrets: readonly string[]): string {
  return maskSecrets(text, secrets).replace(/(\bauth_pass\s+)\S+/g, `$1${MASK}`);
}
