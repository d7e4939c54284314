import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { isValidDateKey, packageHolidayYears, type HolidayYear } from '../workflows/calendar';

/**
 * Holiday files (config/holidays/*.yaml): the State Council's yearly notice, loaded by an administrator the day it is
 * published, without a code change or a package release; or a site's own rest and working days.
 *
 * A country file is the whole official arrangement of one year; it extends chinese-days (a year the package lacks) or
 * replaces the package's year (a correction):
 *
 *     country: cn
 *     year: 2027
 *     source: 国务院办公厅关于2027年部分节假日安排的通知
 *     holidays: [2027-01-01, …]   # rest days (放假)
 *     workdays: [2027-02-07, …]   # make-up working days (调休上班)
 *
 * A site file adds its site's own rest days (to `closedDates`) and working days (to `openDates`):
 *
 *     site: huarun-market
 *     holidays: [2027-06-30]
 *     workdays: []
 */
const HolidayFileSchema = z
  .strictObject({
    country: z
      .literal('cn', { error: 'country must be "cn" (the only national arrangement the calendar reads)' })
      .optional(),
    site: z.string().optional(),
    year: z.number().int().min(1900).max(9999).optional(),
    source: z.string().optional().describe('The notice, e.g. 国办发明电〔2026〕N号'),
    holidays: z.array(z.string()).default([]),
    workdays: z.array(z.string()).default([]),
  })
  .superRefine((f, ctx) => {
    if ((f.country === undefined) === (f.site === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'a holiday file names either country: cn or site: <id>' });
    if (f.country !== undefined && f.year === undefined)
      ctx.addIssue({ code: 'custom', path: ['year'], message: 'a country file gives the year its notice is for' });
  });

/** One site file's days, to add to the site's calendar. */
export interface SiteHolidays {
  file: string;
  site: string;
  holidays: string[];
  workdays: string[];
}

/** What config/holidays/ holds: the national years (chinese-days extended or replaced by files) and site files. */
export interface HolidayData {
  /** The official arrangement per year, ascending. */
  years: HolidayYear[];
  /** The years some file gave (with its path), for the log at start. */
  fromFiles: Array<{ year: number; file: string }>;
  sites: SiteHolidays[];
}

/** A holiday file that fails validation; the message names the file and line. */
export class HolidayFileError extends Error {}

/**
 * Reads every *.yaml under `dir` (config/holidays/; a missing folder means none) and merges the country files over
 * chinese-days' data. Throws HolidayFileError naming the file and line of the first problem: a malformed date, a
 * date listed twice, a make-up working day that is also a rest day, a date outside the file's year, two files for
 * one year, an unknown key.
 */
export function loadHolidayData(dir: string): HolidayData {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
  const years = new Map(packageHolidayYears().map((y) => [y.year, y]));
  const fromFiles: HolidayData['fromFiles'] = [];
  const sites: SiteHolidays[] = [];
  for (const file of files) {
    const parsed = parseHolidayFile(file);
    if (parsed.country) {
      const year = parsed.year!;
      const earlier = fromFiles.find((f) => f.year === year);
      if (earlier)
        throw new HolidayFileError(`${file}:${parsed.yearLine}: year ${year} is already given by ${earlier.file}`);
      years.set(year, { year, off: parsed.holidays, on: parsed.workdays, source: file });
      fromFiles.push({ year, file });
    } else {
      sites.push({ file, site: parsed.site!, holidays: parsed.holidays, workdays: parsed.workdays });
    }
  }
  return { years: [...years.values()].sort((a, b) => a.year - b.year), fromFiles, sites };
}

function parseHolidayFile(file: string) {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const fail = (node: Node | null | undefined, message: string): never => {
    throw new HolidayFileError(`${file}:${lineOf(node)}: ${message}`);
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new HolidayFileError(`${file}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  const parsed = HolidayFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
    let node: Node | null | undefined = root;
    for (const key of keys) {
      const next: unknown = isMap(node) || isSeq(node) ? node.get(key as never, true) : undefined;
      if (!next) break;
      node = next as Node;
    }
    // Point at the key itself for an unknown key, at the value otherwise.
    if (issue.code === 'unrecognized_keys' && isMap(root)) {
      const pair = root.items.find((p) => isScalar(p.key) && p.key.value === issue.keys[0]);
      if (pair) node = pair.key as Node;
    }
    const where = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(root)');
    fail(node, `${where}: ${issue.message}`);
  }
  const data = parsed.data!;
  const seqItems = (key: string): Array<{ value: string; node: Node }> => {
    const seq = isMap(root) ? root.get(key, true) : undefined;
    if (!isSeq(seq)) return [];
    return seq.items.map((item) => ({ value: String(isScalar(item) ? item.value : item), node: item as Node }));
  };
  const seen = new Map<string, { kind: 'holidays' | 'workdays'; line: number }>();
  for (const kind of ['holidays', 'workdays'] as const) {
    for (const { value, node } of seqItems(kind)) {
      if (!isValidDateKey(value))
        fail(node, `${JSON.stringify(value)} is not a calendar date written YYYY-MM-DD (e.g. "2027-01-01")`);
      if (data.year !== undefined && Number(value.slice(0, 4)) !== data.year)
        fail(node, `${value} is not in ${data.year}, the year this file is for`);
      const before = seen.get(value);
      if (before && before.kind === kind)
        fail(node, `${value} is listed twice in ${kind} (first at line ${before.line})`);
      if (before)
        fail(
          node,
          `${value} is a make-up working day (workdays) and a rest day (holidays, line ${before.line}): keep it in one`,
        );
      seen.set(value, { kind, line: lineOf(node) });
    }
  }
  const yearNode = isMap(root) ? root.get('year', true) : undefined;
  return { ...data, yearLine: lineOf(yearNode as Node | undefined) };
}
