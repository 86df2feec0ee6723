import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/migrate.js';
import { AuditAction, EntityType, JournalType } from '../../src/record/vocabulary.js';

// The record's vocabulary is TypeScript (src/record/vocabulary.ts), but SQL names some of it too:
// submit_opinion writes OPINION_SUBMITTED, the triggers single out TIP_FOLLOWED_UP entries and
// TIP_FOLLOW_UP actions. A name changed on one side only would write entries no reader knows, or
// make a trigger miss the tips it must hide. This reads that SQL and holds it to the vocabulary.

const SRC = path.resolve(import.meta.dirname, '../../src');
const JOURNAL = new Set<string>(Object.values(JournalType));
const AUDIT = new Set<string>(Object.values(AuditAction));
const ENTITIES = new Set<string>(Object.values(EntityType));
const NAME = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g;

/** The SQL functions in force: each one's last definition over the migrations, in order. */
function functionsInForce(migrations: { name: string; sql: string }[]): Map<string, string> {
  const functions = new Map<string, string>();
  for (const { sql } of migrations) {
    for (const [, name, body] of sql.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+"?(\w+)"?\s*\([\s\S]*?\$\$([\s\S]*?)\$\$/g)) functions.set(name, body);
  }
  return functions;
}

/** The enum values the schema declares (a TipStatus such as CASE_OPENED is not the record's vocabulary). */
function enumValues(migrations: { sql: string }[]): Set<string> {
  const values = new Set<string>();
  for (const { sql } of migrations) {
    for (const [, list] of sql.matchAll(/AS ENUM \(([^)]*)\)/g)) for (const [, value] of list.matchAll(/'([^']+)'/g)) values.add(value);
  }
  return values;
}

/** The SQL templates of src/ that touch the journal or the audit record (the upvote statement, appendEntry, …). */
function sqlInSource(dir = SRC): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'web') for (const [key, sql] of sqlInSource(full)) found.set(key, sql);
    } else if (entry.name.endsWith('.ts')) {
      const templates = [...fs.readFileSync(full, 'utf8').matchAll(/`([^`]*)`/g)].map((match) => match[1]);
      templates.filter((sql) => /session_event|audit_entry/.test(sql)).forEach((sql, i) => found.set(`${path.relative(SRC, full)}#${i + 1}`, sql));
    }
  }
  return found;
}

/**
 * What a piece of SQL names outside the vocabulary: a journal type where `type` is compared or
 * session_event is written, an audit action where `action` is compared, an entity type where
 * `entity_type` is, and any other
 * UPPER_SNAKE name that is neither in the vocabulary nor an enum value of the schema.
 */
function drift(where: string, sql: string, enums: Set<string>): string[] {
  const problems: string[] = [];
  const journalNames = [
    ...[...sql.matchAll(/(?<!\w)"?type"?\s*(?:=|<>|!=)\s*'([^']+)'/g)].map((m) => m[1]),
    ...[...sql.matchAll(/INSERT INTO "?session_event"?[^;]*?(?:VALUES|SELECT)([^;]*)/gi)].flatMap((m) => [...m[1].matchAll(NAME)].map((n) => n[1])),
    ...[...sql.matchAll(/'([^']+)'::text/g)].map((m) => m[1]),
  ];
  for (const name of journalNames) if (!JOURNAL.has(name)) problems.push(`${where}: journal type ${name} is not in JournalType`);
  for (const [, name] of sql.matchAll(/(?<!\w)"?action"?\s*(?:=|<>|!=)\s*'([^']+)'/g)) if (!AUDIT.has(name)) problems.push(`${where}: audit action ${name} is not in AuditAction`);
  const entityNames = [
    ...[...sql.matchAll(/entity_type"?\s*(?:=|<>|!=)\s*'([^']+)'/g)].map((m) => m[1]),
    ...[...sql.matchAll(/entity_type"?\s+(?:NOT\s+)?IN\s*\(([^)]*)\)/gi)].flatMap((m) => [...m[1].matchAll(/'([^']+)'/g)].map((n) => n[1])),
  ];
  for (const name of entityNames) if (!ENTITIES.has(name)) problems.push(`${where}: entity type ${name} is not in EntityType`);
  for (const [, name] of sql.matchAll(NAME)) {
    if (!JOURNAL.has(name) && !AUDIT.has(name) && !enums.has(name)) problems.push(`${where}: ${name} is in no vocabulary`);
  }
  return [...new Set(problems)];
}

describe('the record vocabulary', () => {
  const migrations = readMigrations();
  const enums = enumValues(migrations);
  const functions = functionsInForce(migrations);

  it('should catch SQL that names a journal type or an audit action the vocabulary lacks (the control for the checks below)', () => {
    const drifted = `
      INSERT INTO session_event (session_id, position, type, opinion_id, payload) VALUES (p_session_id, v_position, 'OPINION_UPVOTE', p_id, '{}');
      IF NEW."type" = 'TIP_FOLLOWED' THEN RETURN NEW; END IF;
      NEW."tip" := NEW."action" = 'TIP_FOLLOWED_UP';
      SELECT 'OPINION_FLAGGED'::text WHERE a.entity_type = 'Ticket' AND a.entity_type NOT IN ('Unit', 'Officer');`;
    expect(drift('drifted', drifted, enums)).toEqual([
      'drifted: journal type TIP_FOLLOWED is not in JournalType',
      'drifted: journal type OPINION_UPVOTE is not in JournalType',
      'drifted: journal type OPINION_FLAGGED is not in JournalType',
      'drifted: audit action TIP_FOLLOWED_UP is not in AuditAction',
      'drifted: entity type Ticket is not in EntityType',
      'drifted: entity type Officer is not in EntityType',
      'drifted: OPINION_UPVOTE is in no vocabulary',
      'drifted: TIP_FOLLOWED is in no vocabulary',
      'drifted: OPINION_FLAGGED is in no vocabulary',
    ]);
    // The stored names pass where they belong, enum values anywhere.
    expect(drift('stored', `IF NEW."type" = 'TIP_FOLLOWED_UP' OR NEW."action" = 'TIP_FOLLOW_UP' OR s = 'CASE_OPENED' OR a.entity_type = 'Opinion' THEN`, enums)).toEqual([]);
  });

  it('should find the SQL that names the vocabulary: the functions in force and the upvote statement', () => {
    expect([...functions.keys()]).toEqual(expect.arrayContaining(['submit_opinion', 'session_event_public', 'audit_entry_tip', 'opinion_snapshot']));
    // submit_opinion's definition in force is the last one written.
    expect(functions.get('submit_opinion')).toContain('ON CONFLICT (session_id, author_key, idempotency_key) DO NOTHING');
    expect([...sqlInSource().keys()].some((key) => key.startsWith('record/upvote.ts'))).toBe(true);
  });

  it('should name in the SQL functions in force only journal types and audit actions of the vocabulary', () => {
    expect([...functions].flatMap(([name, body]) => drift(`function ${name}`, body, enums))).toEqual([]);
  });

  it('should name in the SQL statements of src/ only journal types and audit actions of the vocabulary', () => {
    expect([...sqlInSource()].flatMap(([where, sql]) => drift(where, sql, enums))).toEqual([]);
  });

  it('should keep the stored names the chains already hash', () => {
    // verify-record recomputes hashes over these strings: renaming one breaks every existing record.
    expect(AuditAction.TIP_FOLLOWED_UP).toBe('TIP_FOLLOW_UP');
    expect(JournalType.TIP_FOLLOWED_UP).toBe('TIP_FOLLOWED_UP');
    expect(Object.values(AuditAction).every((action) => /^[A-Z]+(?:_[A-Z]+)+$/.test(action))).toBe(true);
  });
});
