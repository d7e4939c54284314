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
