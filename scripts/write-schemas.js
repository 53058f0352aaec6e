// Writes schemas/<name>.schema.json for every --json document from the zod descriptions in
// src/report/json-schemas.ts (run after `npm run build`). test/unit/report/json-schemas.test.ts fails when a file
// here is not what this script would write.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { OUTPUT_SCHEMAS, outputJsonSchema } from '../dist/report/json-schemas.js';

for (const name of Object.keys(OUTPUT_SCHEMAS)) {
  const file = fileURLToPath(new URL(`../schemas/${name}.schema.json`, import.meta.url));
  writeFileSync(file, `${JSON.stringify(outputJsonSchema(name), null, 2)}\n`);
  console.log(`wrote ${file}`);
}
