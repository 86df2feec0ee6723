// `npm run verify-record`: recomputes every hash chain of the record in DATABASE_URL, or in the
// embedded database in DATA_DIR, and checks the current opinions, responses and session statuses
// against it. Exit 0: the record holds; 1: problems (tampering found, listed as they are found);
// 2: could not check (whatever was found before that is listed all the same). It reads only the
// database configuration: no JWT_SECRET or other server setting is needed.
import { ConfigError, loadDatabaseConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { RecordService, type RecordProblem } from './modules/record/record.service.js';

const line = ({ chain, seq, problem }: RecordProblem) => `${chain}${seq === null ? '' : ` entry ${seq}`}: ${problem}`;

let found = 0;
try {
  const config = loadDatabaseConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const report = await new RecordService(database.prisma).verify({
      onProblem: (problem) => {
        found++;
        console.log(line(problem));
      },
    });
    const summary = `${report.chains} chains, ${report.entries} entries${report.unhashed ? ` (${report.unhashed} written before the record began, unhashed)` : ''}`;
    if (report.problems.length) {
      console.log(`verify-record: ${report.problems.length} problem(s) in ${summary}`);
      process.exitCode = 1;
    } else {
      console.log(`verify-record: the record holds: ${summary}`);
    }
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : `verify-record failed: ${(error as Error).message}`);
  if (found) console.error(`verify-record: ${found} problem(s) found before it stopped (listed above)`);
  process.exitCode = 2;
}
