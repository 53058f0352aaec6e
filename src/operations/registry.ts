// Operations by the name playbooks use.
import { keepalivedConfig, notifyScripts } from './keepalived.js';
import { packagesPresent } from './packages.js';
import { serviceEnabled, serviceReloaded, serviceRunning } from './service.js';
import type { Operation } from './types.js';

export const operations: ReadonlyMap<string, Operation> = new Map(
  [packagesPresent, serviceEnabled, serviceRunning, serviceReloaded, keepalivedConfig, notifyScripts].map(
    (op) => [op.name, op],
  ),
);
