// Kept where diagnose imports it; the module lives in src/report/ (every command prints through it).
export { terminalSafe } from '../report/terminal-text.js';
