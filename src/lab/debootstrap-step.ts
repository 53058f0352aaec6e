// debootstrap's "I: …" lines as a short description of what it is doing, for the progress line of `lab up`.

const VERBS: Record<string, string> = {
  Retrieving: 'downloading',
  Validating: 'checking',
  Extracting: 'extracting',
  Unpacking: 'unpacking',
  Configuring: 'configuring',
  Installing: 'installing',
  Resolving: 'resolving',
  Checking: 'checking',
};

/** "I: Unpacking libc6:amd64..." → "unpacking libc6"; undefined for lines that say nothing new. */
export function debootstrapStep(line: string): string | undefined {
  const m = /^I: (\w+) (.*?)\.*$/.exec(line.trim());
  if (!m) return undefined;
  const [, verb, rest] = m as unknown as [string, string, string];
  if (/^Base system installed/.test(`${verb} ${rest}`)) return 'base system installed';
  const doing = VERBS[verb];
  if (!doing) return undefined;
  // "libc6 2.36-9+deb12u4" or "libc6:amd64": the package name is enough
  const what = rest.replace(/:\w+$/, '').replace(/^(\S+) \S*\d\S*$/, '$1');
  return `${doing} ${what}`;
}
