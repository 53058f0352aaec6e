// One message keepalived can print, as its printf format, with where each version prints it.
export interface CatalogMessage {
  format: string;
  /** syslog level of log_message (err, warning, notice, info, debug …), or "config" for report_config_error */
  level: string;
  /** version → source file:line */
  sites: Record<string, string>;
}
