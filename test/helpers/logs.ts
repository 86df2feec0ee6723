import type { Logger } from 'pino';
import { createLogger } from '../../src/logger.js';

export interface CapturedLogs {
  /** The server's own logger (same redaction and serializers), writing here instead of stdout. */
  logger: Logger;
  /** Everything written so far, as the raw text a log shipper would see. */
  text(): string;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
}

/** A logger at `level` whose output the test can read. */
export function captureLogs(level = 'info'): CapturedLogs {
  let text = '';
  const logger = createLogger(level, { write: (chunk: string) => void (text += chunk) });
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
