// Documented, stable exit codes (README "Exit codes"). Never renumber: CI runbooks depend on them.
export const ExitCode = {
  OK: 0,
  /** A bug in vipctl: an error nobody anticipated. */
  INTERNAL: 1,
  /** At least one host failed an operation, or a check found a problem (verify, failover-test, diagnose). */
  FAILED: 2,
  /** At least one host could not be reached (wins over FAILED). */
  UNREACHABLE: 3,
  /** The inventory could not be loaded or has lint errors; nothing was touched. */
  INVENTORY: 4,
  /** Bad flags or arguments. */
  USAGE: 5,
  /** The controller lacks something: root for the lab, a Debian package, a running lab. */
  ENVIRONMENT: 6,
  /** Interrupted by SIGINT / SIGTERM after restoring what was in flight. */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
