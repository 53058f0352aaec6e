// Imported first by bin/vipctl.js, before oclif loads: Ctrl-C during start-up still exits with code 130.
// src/runner/interrupt.ts replaces these listeners once a command runs.
const early = () => process.exit(130);
process.on('SIGINT', early);
process.on('SIGTERM', early);
