// `npm run verify-record`: recomputes every hash chain of the record in DATABASE_URL, or in the
// embedded database in DATA_DIR, and checks the current opinions, responses and session statuses
// against it. Exit 0: the record holds; 1: problems (listed); 2: could not check.
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { RecordService } from './modules/record/record.service.js';

try {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const report = await new RecordService(database.prisma).verify();
    for (const { chain, seq, problem } of report.problems) console.log(`${chain}${seq === null ? '' : ` entry ${seq}`}: ${problem}`);
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
  process.exitCode = 2;
}
