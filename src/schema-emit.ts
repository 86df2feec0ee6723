// `npm run schema:emit`: rewrites schema/schema.graphql from the code.
import { buildSchema, SCHEMA_FILE } from './schema.js';

await buildSchema({ emit: true });
console.log(`wrote ${SCHEMA_FILE}`);
