// `schemaVersion` of every --json document (schemas/*.schema.json; src/report/json-schemas.ts describes them). It
// changes only when a field is removed or changes meaning; added fields keep it. Kept apart so that printing a
// document does not load zod.
export const SCHEMA_VERSION = 1;
