import { sortFindings } from '../inventory/findings.js';
import { checkMembers, checkParsed } from './check.js';
import type { ConfigFs } from './fs.js';
import { parseConfig } from './parser.js';
import type { ConfigDiagnostic, ParsedConfig } from './types.js';

export interface CheckResult {
  parsed: ParsedConfig[];
  findings: ConfigDiagnostic[];
  sources: Map<string, string>;
  errors: number;
  warnings: number;
  json: {
    files: string[];
    findings: {
      code: string;
      severity: string;
      file: string;
      line: number;
      column: number;
      message: string;
      hint?: string;
    }[];
    errors: number;
    warnings: number;
  };
}

/** check-config's work: parse each file (with its includes), run the rules per file and across the files. */
export function checkConfigFiles(
  files: string[],
  opts: { configId?: string; fs?: ConfigFs } = {},
): CheckResult {
  return checkParsedConfigs(files.map((f) => parseConfig(f, opts)));
}

/** The same for configs already parsed (read from hosts). */
export function checkParsedConfigs(parsed: ParsedConfig[]): CheckResult {
  const findings = sortFindings([...parsed.flatMap(checkParsed), ...checkMembers(parsed)]);
  const sources = new Map<string, string>();
  for (const p of parsed) for (const [k, v] of p.sources) sources.set(k, v);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return {
    parsed,
    findings,
    sources,
    errors,
    warnings,
    json: {
      files: parsed.flatMap((p) => p.files),
      findings: findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        file: f.location.file,
        line: f.location.line,
        column: f.location.column,
        message: f.message,
        ...(f.hint !== undefined ? { hint: f.hint } : {}),
      })),
      errors,
      warnings,
    },
  };
}
