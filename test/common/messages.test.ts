import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MESSAGES_VI } from '../../src/common/messages.vi.js';
import { translateToVietnamese } from '../../src/common/locale.js';
import { rateLimited, type RateLimitedOperation } from '../../src/auth/rate-limiter.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

// Calls whose message argument clients read: the error helpers (first argument), AppError and
// GraphQLError (the message argument), and limits.ts's refusal().
const MESSAGE_ARGUMENT: Record<string, number> = { badInput: 0, forbidden: 0, unauthenticated: 0, conflict: 0, refusal: 0, AppError: 1, GraphQLError: 0 };

/** Every .ts file of the server (the browser pages have their own texts). */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** String constants declared anywhere in src (`const REVOKED_MESSAGE = '…'`), by name. */
function stringConstants(files: ts.SourceFile[]): Map<string, string> {
  const constants = new Map<string, string>();
  for (const file of files) {
    const visit = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isStringLiteralLike(node.initializer)) {
        constants.set(node.name.text, node.initializer.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return constants;
}

// A message that came from another error (`error.message`, a parameter of a helper that
// forwards it): checked where it was made.
const PASSED_ON = 'passed on';

/** Where `name` is declared, seen from `from`: a parameter (passed on) or a const's initializer. */
function declarationOf(name: string, from: ts.Node, constants: Map<string, string>): ts.Expression | typeof PASSED_ON | null {
  for (let node: ts.Node | undefined = from.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)) return PASSED_ON;
    if (ts.isBlock(node) || ts.isSourceFile(node)) {
      for (const statement of node.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return declaration.initializer;
        }
      }
    }
  }
  return constants.has(name) ? ts.factory.createStringLiteral(constants.get(name)!) : null;
}

/**
 * The message templates an expression can produce, `{}` where a value goes in; PASSED_ON for a
 * message made elsewhere; null when it cannot be read statically.
 */
function templatesOf(node: ts.Expression, constants: Map<string, string>): string[] | typeof PASSED_ON | null {
  if (ts.isParenthesizedExpression(node)) return templatesOf(node.expression, constants);
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text + node.templateSpans.map((span) => `{}${span.literal.text}`).join('')];
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'message') return PASSED_ON;
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'localizeMessage') return templatesOf(node.arguments[0], constants);
  const both = (a: ReturnType<typeof templatesOf>, b: ReturnType<typeof templatesOf>, join: (x: string[], y: string[]) => string[]) => {
    if (a === null || b === null) return null;
    if (a === PASSED_ON || b === PASSED_ON) return a === PASSED_ON ? b : a;
    return join(a, b);
  };
  if (ts.isConditionalExpression(node)) return both(templatesOf(node.whenTrue, constants), templatesOf(node.whenFalse, constants), (a, b) => [...a, ...b]);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return both(templatesOf(node.left, constants), templatesOf(node.right, constants), (a, b) => a.flatMap((left) => b.map((right) => left + right)));
  }
  if (ts.isIdentifier(node)) {
    const declared = declarationOf(node.text, node, constants);
    return declared === PASSED_ON || declared === null ? declared : templatesOf(declared, constants);
  }
  return null;
}

/** Every client-facing message template thrown in src, with where it is. */
function thrownMessages(): { template: string; at: string }[] {
  const files = sourceFiles(SRC).map((file) => ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  const constants = stringConstants(files);
  const found: { template: string; at: string }[] = [];
  for (const file of files) {
    const at = (node: ts.Node) => `${path.relative(SRC, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node) => {
      // The helpers themselves (errors.ts) forward what their callers give them.
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && (node.name.text in MESSAGE_ARGUMENT || node.name.text === 'notFound')) {
        if (node.initializer && ts.isArrowFunction(node.initializer)) {
          for (const parameter of node.initializer.parameters) visit(parameter);
          return;
        }
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ts.isIdentifier(node.expression)) {
        const name = node.expression.text;
        const argument = node.arguments?.[MESSAGE_ARGUMENT[name] ?? -1];
        if (name === 'notFound' && node.arguments?.[0]) {
          // notFound('Unit') says "Unit not found".
          const what = templatesOf(node.arguments[0], constants);
          for (const thing of Array.isArray(what) ? what : ['{}']) found.push({ template: `${thing} not found`, at: at(node) });
        } else if (argument) {
          const templates = templatesOf(argument, constants);
          if (templates === null) found.push({ template: `<not readable: ${argument.getText()}>`, at: at(node) });
          else if (templates !== PASSED_ON) for (const template of templates) found.push({ template, at: at(node) });
        }
      }
      // Default messages: forbidden(message = '…').
      if (ts.isParameter(node) && node.initializer && ts.isStringLiteralLike(node.initializer) && ts.isIdentifier(node.name) && node.name.text === 'message') {
        found.push({ template: node.initializer.text, at: at(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

const normalized = (template: string) => template.replace(/\{\w*\}/g, '{}');

describe('the Vietnamese catalogue', () => {
  const catalogued = new Set(Object.keys(MESSAGES_VI).map(normalized));

  it('should have Vietnamese for every error message thrown in src', () => {
    const thrown = thrownMessages();
    // The scan itself works: it sees the helpers, templates, constants and defaults.
    expect(thrown.map((m) => m.template)).toEqual(
      expect.arrayContaining(['Session not found', 'A session has at most {} topics', 'Token revoked: sign in again', 'Sign in first', '{}: try again in {}']),
    );
    // A template is covered by its own entry, or by a wider one (a number the English writes out: "{field} needs at least 8 characters").
    const covered = (template: string) => catalogued.has(normalized(template)) || translateToVietnamese(template.replaceAll('{}', '7')) !== null;
    const missing = thrown.filter(({ template }) => !covered(template)).map(({ template, at }) => `${at}: ${template}`);
    expect(missing).toEqual([]);
  });

  it('should say every rate-limit refusal in Vietnamese, with its number', () => {
    const operations: RateLimitedOperation[] = ['submitOpinion', 'intakeOpinion', 'upvoteOpinion', 'joinAsCitizen', 'login', 'sessionByCode'];
    for (const operation of operations) {
      for (const scope of ['actor', 'ip', 'anonymousIp'] as const) {
        for (const [ms, wait] of [[1000, '1 giây'], [60_000, '60 giây'], [15 * 60_000, '15 phút']] as const) {
          const vietnamese = translateToVietnamese(rateLimited(operation, ms, scope).message);
          expect(vietnamese).toMatch(new RegExp(`^[^:]+\\. Vui lòng thử lại sau ${wait}\\.$`));
          expect(vietnamese).not.toMatch(/Too many|try again/);
        }
      }
    }
    expect(translateToVietnamese(rateLimited('submitOpinion', 60_000).message)).toBe('Bạn đã gửi quá nhiều ý kiến. Vui lòng thử lại sau 60 giây.');
  });

  it('should keep every placeholder of an English template in its Vietnamese', () => {
    for (const [en, vi] of Object.entries(MESSAGES_VI)) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect({ en, names: names(vi) }).toEqual({ en, names: names(en) });
    }
  });

  it('should write Vietnamese in NFC with its diacritics', () => {
    for (const vi of Object.values(MESSAGES_VI)) {
      expect(vi.normalize('NFC')).toBe(vi);
      expect(vi).not.toMatch(/\b(khong|duoc|phien|y kien)\b/i);
    }
  });
});
