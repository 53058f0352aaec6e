// lab.json: what the lab created, so `status` can report and `down` can undo it.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** Says that lab.json exists but cannot be used (the lab is then treated as absent). */
export type StateProblem = (message: string) => void;

const toStderr: StateProblem = (m) => void process.stderr.write(`vipctl: ${m}\n`);

export function readState(file = paths.state, onProblem: StateProblem = toStderr): LabState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as LabState;
    if (!state || typeof state !== 'object' || !Array.isArray(state.hosts)) throw new Error('no host list');
    return state;
  } catch (err) {
    onProblem(
      `lab state ${file} is unreadable (${(err as Error).message}); treating the lab as absent — \`vipctl lab down\` still removes what it finds`,
    );
    return undefined;
  }
}

/** Written to a temp file and renamed: a crash mid-write leaves the old state or the new one, never half. */
export function writeState(state: LabState, file = paths.state): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
