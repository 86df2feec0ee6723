// `npm run schema:emit`: rewrites schema/schema.graphql from the code, unless that would break
// clients of the committed contract (set SCHEMA_ALLOW_BREAKING=1 for a reviewed removal).
import fs from 'node:fs';
import { emitSchemaDefinitionFile } from 'type-graphql';
import { breakingChanges, buildSchema, SCHEMA_FILE } from './schema.js';

const schema = await buildSchema();
const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : null;
const breaks = committed === null ? [] : breakingChanges(committed, schema);
if (breaks.length > 0 && process.env.SCHEMA_ALLOW_BREAKING !== '1') {
  console.error(`Refusing to write ${SCHEMA_FILE}: ${breaks.length} breaking change(s) against the committed contract:`);
  for (const line of breaks) console.error(`  - ${line}`);
  console.error('Deprecate first (@deprecated), remove later in a reviewed change with SCHEMA_ALLOW_BREAKING=1.');
  process.exit(1);
}
await emitSchemaDefinitionFile(SCHEMA_FILE, schema, { sortedSchema: false });
console.log(`wrote ${SCHEMA_FILE}${breaks.length > 0 ? ` with ${breaks.length} breaking change(s) allowed` : ''}`);
