// lab.json: what the lab created, so `status` can report and `down` can undo it.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { paths, type Flavour } from './config.js';

export interface LabHost {
  name: string;
  address: string;
  /** systemd-nspawn (machine) or sshd (light) PID, in the host's own cgroup */
  pid?: number;
  hostKey: string;
}

export interface LabState {
  flavour: Flavour;
  hosts: LabHost[];
  proxyPid?: number;
  createdAt: string;
}

export function readState(): LabState | undefined {
  if (!existsSync(paths.state)) return undefined;
  try {
    return JSON.parse(readFileSync(paths.state, 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

export function writeState(state: LabState): void {
  mkdirSync(dirname(paths.state), { recursive: true });
  writeFileSync(paths.state, `${JSON.stringify(state, null, 2)}\n`);
}
