import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness';

// No browser needed: guards that every UI string exists in both languages.
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : flatten(v, `${prefix}${k}.`)));
}

const base = (key: string) => key.replace(/_(one|other)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const srcDir = join(repoRoot, 'web', 'src');
const read = (name: string) => flatten(JSON.parse(readFileSync(join(srcDir, 'i18n', `${name}.json`), 'utf8')) as Tree);
// Features keep their strings in <feature>.<lang>.json, merged into the same resources.
const featureFiles = (lang: string) =>
  readdirSync(join(srcDir, 'i18n'))
    .filter((name) => name.endsWith(`.${lang}.json`))
    .map((name) => name.slice(0, -'.json'.length));
const load = (lang: string) => [...read(lang), ...featureFiles(lang).flatMap(read)];

describe('translations', () => {
  const vi = new Set(load('vi').map(base));
  const en = new Set(load('en').map(base));

  it('has the same keys in Vietnamese and English', () => {
    expect([...vi].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !vi.has(k))).toEqual([]);
  });

  it('defines every literal key the code uses', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/labelKey: '([\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !vi.has(k))).toEqual([]);
  });

  it('writes Vietnamese with diacritics', () => {
    const viText = readFileSync(join(srcDir, 'i18n', 'vi.json'), 'utf8');
    expect(viText).toContain('Đăng nhập');
    expect(viText).toContain('Đơn vị');
  });
});
