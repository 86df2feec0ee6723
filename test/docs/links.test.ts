import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README_MAX_LINES = 300;

/** The lines of a markdown file outside fenced code blocks (those inside come back empty). */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a markdown file offers, duplicates numbered as GitHub numbers them (`x`, `x-1`, …). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of prose(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The relative links and images of a markdown file (no scheme, no autolinks), with their line numbers. */
function relativeLinks(markdown: string): { target: string; line: number }[] {
  return prose(markdown).flatMap((line, index) =>
    // Inline code is not markdown: a link written inside backticks is text.
    [...line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ target, line: index + 1 })),
  );
}

/** Each relative link of `file` (given its text) that leads nowhere: a missing file, or a missing heading. */
function brokenLinks(file: string, markdown: string, read: (file: string) => string | undefined): string[] {
  return relativeLinks(markdown).flatMap(({ target, line }) => {
    const [pathPart, anchor] = target.split('#', 2);
    const targetFile = pathPart ? path.resolve(path.dirname(file), decodeURI(pathPart)) : file;
    const where = `${path.relative(ROOT, file)}:${line} → ${target}`;
    const text = targetFile === file ? markdown : read(targetFile);
    if (text === undefined) return [`${where}: no such file`];
    if (anchor === undefined || !targetFile.endsWith('.md')) return [];
    return anchors(text).has(decodeURIComponent(anchor)) ? [] : [`${where}: no such heading`];
  });
}

function readIfExists(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return fs.statSync(file).isDirectory() ? '' : fs.readFileSync(file, 'utf8');
}

const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

describe('docs', () => {
  it('should report a link to a missing file, a missing heading and a missing heading of its own file', () => {
    const file = path.join(ROOT, 'docs/imaginary.md');
    const markdown = [
      '# Tổng quan',
      '## Running a forum: join codes',
      'See [gone](no-such-file.md), [a room](api.md#no-such-heading), [here](#nowhere),',
      '[fine](#running-a-forum-join-codes), [also fine](#tổng-quan), [root](../README.md#quick-start).',
      '```sh',
      'echo "[inside code](missing.md)"',
      '```',
      'and `[code span](missing.md)`, and [the web](https://example.org/x.md).',
    ].join('\n');
    const files: Record<string, string> = { [path.join(ROOT, 'docs/api.md')]: '# API guide\n', [path.join(ROOT, 'README.md')]: '## Quick start\n' };
    expect(brokenLinks(file, markdown, (target) => files[target])).toEqual([
      'docs/imaginary.md:3 → no-such-file.md: no such file',
      'docs/imaginary.md:3 → api.md#no-such-heading: no such heading',
      'docs/imaginary.md:3 → #nowhere: no such heading',
    ]);
  });

  it('should number repeated headings and drop punctuation from anchors as GitHub does', () => {
    expect([...anchors('## CI: `.ci/run`\n## The embedded database\'s thread\n## Soak\n### Soak\n')]).toEqual([
      'ci-cirun',
      'the-embedded-databases-thread',
      'soak',
      'soak-1',
    ]);
  });

  it.each(docs)('should have no relative link in %s that leads to a missing file or heading', (name) => {
    const file = path.join(ROOT, name);
    expect(brokenLinks(file, fs.readFileSync(file, 'utf8'), readIfExists)).toEqual([]);
  });

  it(`should keep README.md within ${README_MAX_LINES} lines, with a contents list of every section`, () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
    const lines = prose(readme);
    const contentsAt = lines.findIndex((line) => /^##\s+Contents\s*$/.test(line));
    expect(contentsAt, 'README.md has a "## Contents" heading').toBeGreaterThan(-1);
    const listed = new Set<string>();
    for (const line of lines.slice(contentsAt + 1)) {
      if (/^#/.test(line)) break;
      for (const match of line.matchAll(/^\s*[-*]\s+\[[^\]]*\]\(#([^)]+)\)/g)) listed.add(match[1]);
    }
    const sections = lines.filter((line) => /^##\s/.test(line) && !/^##\s+Contents\s*$/.test(line)).map((line) => slug(line.replace(/^##\s+/, '')));
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.filter((section) => !listed.has(section))).toEqual([]);
  });

  it('should document every environment variable src/config.ts reads in docs/configuration.md', () => {
    const config = fs.readFileSync(path.join(ROOT, 'src/config.ts'), 'utf8');
    const variables = new Set([
      ...[...config.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]),
      ...[...config.matchAll(/\b(?:int|bool|count)\(\s*(?:env,\s*)?'([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1]),
    ]);
    expect(variables.size).toBeGreaterThan(10);
    const documented = fs.readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
    expect([...variables].filter((name) => !documented.includes(`\`${name}\``)).sort()).toEqual([]);
  });
});
