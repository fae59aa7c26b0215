import { describe, expect, it } from 'vitest';
import { ConfigIssuesError, InfrastructureError, VerdictError, describeError, exitCodeFor } from './errors.js';

describe('errors', () => {
  it('maps families to the documented exit codes', () => {
    expect(exitCodeFor(new VerdictError('HIL_VERDICT', 'fps below budget'))).toBe(1);
    expect(exitCodeFor(new InfrastructureError('HIL_SSH', 'board unreachable'))).toBe(2);
    expect(exitCodeFor(new ConfigIssuesError([{ file: 'a.yaml', path: 'x', message: 'bad' }]))).toBe(3);
    expect(exitCodeFor(new Error('unexpected'))).toBe(2);
  });

  it('reports every config issue as file: path: message and keeps the cause chain', () => {
    const err = new ConfigIssuesError(
      [
        { file: 'devices/jetson2.yaml', path: 'budget.powerW', message: 'expected a number > 0, received -1' },
        { file: 'devices/jetson2.yaml', path: '', message: 'not valid YAML' },
      ],
      { cause: new Error('root cause') },
    );
    expect(err.message).toBe(
      'devices/jetson2.yaml: budget.powerW: expected a number > 0, received -1\ndevices/jetson2.yaml: not valid YAML',
    );
    expect(describeError(err)).toContain('caused by: root cause');
  });
});
