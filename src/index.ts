// Starts Lắng Nghe: `npm start`. Configuration comes from the environment (see docs/configuration.md).
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { openDatabase } from './db/client.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
const logger = createLogger(config.logLevel);
// Open the database (PGlite compiles its WebAssembly off the main thread) while the rest of the
// server's modules load: it shortens the time to a healthy /healthz.
const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
database.catch(() => {});
const { startApp } = await import('./app.js');
const app = await startApp(config, { logger, database, ownsDatabase: true }).catch((error) => {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  const timer = setTimeout(() => {
    logger.error('did not stop within 10 s; exiting');
    process.exit(1);
  }, 10_000);
  timer.unref();
  await app.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
