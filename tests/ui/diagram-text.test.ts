import { mermaidOf } from '../../api/procedures/diagram';
import { procedures } from '../../workflows/procedures';
import enStrings from '../../ui/src/i18n/en.json';
import zhStrings from '../../ui/src/i18n/zh-CN.json';
import { diagramWithPath, nodeIdOf } from '../../ui/src/components/diagram-text';

const diagram = `stateDiagram-v2
    [*] --> responding
    responding
    state responding {
        [*] --> responding_awaitingDispatch
        state "awaitingDispatch" as responding_awaitingDispatch
    }
    assessing
    responding_awaitingDispatch --> assessing : patrol_arrived
`;

describe('diagramWithPath', () => {
  it('names nodes as the API does: the state path joined with _', () => {
    expect(nodeIdOf('responding.awaitingDispatch')).toBe('responding_awaitingDispatch');
    expect(nodeIdOf('end')).toBe('s_end');
  });

  it('lights the current state, marks the states passed, and labels states in the user’s language', () => {
    const text = diagramWithPath(
      diagram,
      ['assessing'],
      ['responding.awaitingDispatch', 'assessing'],
      {
        assessing: '现场判定',
        'responding.awaitingDispatch': '等待派遣',
      },
      { patrol_arrived: '巡逻岗已到场' },
    );
    expect(text).toContain('    state "现场判定" as assessing\n');
    expect(text).toContain('        state "等待派遣" as responding_awaitingDispatch\n');
    expect(text).toContain('    state responding {\n'); // block openers are left alone
    expect(text).toContain('    class responding_awaitingDispatch visited\n');
    expect(text).toContain('    class assessing current\n');
    expect(text).toContain('responding_awaitingDispatch --> assessing : 巡逻岗已到场');
  });
});

describe('every procedure’s diagram in words (issue 20 point 4: no `after dispatch`, `[saysFalseAlarm]`, `onDone`)', () => {
  const ui = { 'zh-CN': zhStrings, en: enStrings } as const;
  const fill = (template: string, values: Record<string, string>) =>
    template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
  const cases = procedures.flatMap((p) =>
    (['zh-CN', 'en'] as const).map((lang) => [`${p.id} v${p.version}`, lang, p] as const),
  );

  it.each(cases)('%s in %s', (_name, lang, p) => {
    const messages = p.i18n[lang] as Record<string, Record<string, string>>;
    const d = ui[lang].diagram;
    const text = diagramWithPath(
      mermaidOf(p.machine),
      [],
      [],
      // The box around the whole machine (steps taken in any state) is the procedure itself.
      { ...messages.states, [p.machine.id]: String(p.i18n[lang].name) },
      messages.events ?? {},
      {
        timers: messages.timers ?? {},
        conditions: messages.conditions ?? {},
        after: (timer) => fill(d.after, { timer }),
        onDone: d.onDone,
        always: d.always,
        when: (what, condition) => fill(d.when, { what, condition }),
      },
    );
    const labels = [
      ...[...text.matchAll(/ --> \S+ : (.*)$/gm)].map((m) => m[1]!),
      ...[...text.matchAll(/state "([^"]*)" as /g)].map((m) => m[1]!),
    ];
    expect(labels.length).toBeGreaterThan(0);
    // Chinese: no Latin word at all (ids, keys, guard names); English: no code-shaped word and no Chinese.
    const codeWord = lang === 'zh-CN' ? /[A-Za-z_]{2,}|\[/ : /\w+_\w+|[a-z][A-Z]|\[|\bonDone\b|\bafter \w+$/;
    expect(labels.filter((l) => codeWord.test(l))).toEqual([]);
    if (lang === 'en') expect(labels.filter((l) => /\p{Script=Han}/u.test(l))).toEqual([]);
  });
});
