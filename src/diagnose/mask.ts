// A bundle leaves the machine (support tickets, CI artefacts): auth passwords never go with it.
import type { Bundle } from './evidence.js';

export function maskBundle(bundle: Bundle): Bundle {
  return {
    ...bundle,
    hosts: bundle.hosts.map((h) => ({
      ...h,
      config: h.config?.replace(/^(\s*auth_pass\s+)\S+/gm, '$1********'),
      tcpdump: h.tcpdump?.replace(/ auth "[^"]*"/g, ' auth "********"'),
    })),
  };
}
