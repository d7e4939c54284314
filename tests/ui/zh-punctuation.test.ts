import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/process';

/**
 * Chinese strings take full-width punctuation (issue 20 point 4): a half-width `, : ; ( )` next to a Chinese
 * character (or next to a `{{placeholder}}` that stands for Chinese words) must be `，：；（）`. Covers the UI's
 * zh-CN strings and every procedure's zh-CN strings (labels, guidance, diagram text the UI shows).
 */
const files = [
  path.join(repoRoot, 'ui', 'src', 'i18n', 'zh-CN.json'),
  ...readdirSync(path.join(repoRoot, 'workflows', 'procedures'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(repoRoot, 'workflows', 'procedures', d.name, 'i18n', 'zh-CN.json'))
    // Every procedure folder has its strings (the registry test checks); shared/ holds code the procedures share.
    .filter((file) => existsSync(file)),
];

const cjk = String.raw`[\p{Script=Han}\u3000-\u303f\uff00-\uffef]`;
const halfWidth = String.raw`[,:;()]`;
/**
 * A half-width mark with a Chinese character right before or after it, spaces aside; or a bracket or colon next to a
 * placeholder (`{{who}}({{role}})`). A comma between two placeholders is left alone: `{{lat}}, {{lon}}` are numbers.
 */
const halfWidthInChinese = new RegExp(
  String.raw`${cjk}[ ]*${halfWidth}|${halfWidth}[ ]*${cjk}|\}\}[ ]*[:()]|[:()][ ]*\{\{`,
  'u',
);

/** A full-width bracket closed by a half-width one, or the other way round: `（照片或 PDF)`. */
const mixedBrackets = /（[^）]*\)|\([^)]*）/;

function strings(value: unknown, at: string, out: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') out.push([at, value]);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, at ? `${at}.${k}` : k, out);
  return out;
}

describe('full-width punctuation in zh-CN strings', () => {
  it('the check finds half-width marks in Chinese and leaves full-width ones and English alone', () => {
    for (const bad of ['案件,或', '状态:{{state}}', '{{who}}({{role}})', '填写有误; 请核对', '(切换场所查看)'])
      expect(bad).toMatch(halfWidthInChinese);
    expect('选择文件（照片或 PDF)').toMatch(mixedBrackets);
    for (const good of [
      '案件，或',
      '状态：{{state}}',
      '{{who}}（{{role}}）',
      'ZJ-0001 (PDF)',
      'north-wall-3, 1:05',
      '北纬 {{lat}}, {{lon}}',
    ])
      expect(good).not.toMatch(halfWidthInChinese);
  });

  it.each(files.map((f) => [path.relative(repoRoot, f), f]))('%s', (_name, file) => {
    const found = strings(JSON.parse(readFileSync(file, 'utf8')), '', [])
      .filter(([, text]) => halfWidthInChinese.test(text) || mixedBrackets.test(text))
      .map(([at, text]) => `${at}: ${text}`);
    expect(found).toEqual([]);
  });
});
