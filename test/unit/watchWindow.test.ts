/**
 * The role gate's watch: which regions count as watched without a gap, and since when, after each
 * survey, read completely, read in part, or not at all.
 */
import { AwsError, type AwsService } from '../../adapters/errors';
import { afterSurvey, initialAccountContext, settled } from '../../machines/account.context';
import type { AccountContext } from '../../machines/account.types';
import type { CallResult } from '../../machines/results';
import type { RegionProblem, SurveyResult } from '../../machines/survey';

const MIN = 60_000;
const SETTLE = 45 * MIN;
const throttled = (service: AwsService, operation: string) =>
  new AwsError({ code: 'Throttled', service, operation, awsName: 'ThrottlingException', message: 'Rate exceeded' }).toJSON();
const problem = (region: string): RegionProblem => ({ region, error: throttled('mwaa', 'ListEnvironments') });

/** A survey that began at `minute`, read `surveyed`, and could not read the regions of `errors`. */
const survey = (minute: number, surveyed: string[], errors: RegionProblem[] = [], skipped: SurveyResult['skipped'] = []): CallResult<SurveyResult> => ({
  ok: true,
  startedAt: minute * MIN,
  at: minute * MIN + 1_000,
  value: { startedAt: minute * MIN, surveyed, blockers: [], networks: [], errors, skipped },
});

const failedSurvey = (minute: number): CallResult<SurveyResult> => ({
  ok: false,
  startedAt: minute * MIN,
  at: minute * MIN + 1_000,
  error: throttled('ec2', 'DescribeRegions'),
});

/** The gate's context after each of `surveys` in turn. */
function watched(...surveys: CallResult<SurveyResult>[]): AccountContext {
  let context = initialAccountContext({ plan: 'deleteRole', regions: ['eu-west-1', 'us-east-1'], discoverRegions: false, timeouts: { settleMs: SETTLE } });
  for (const s of surveys) context = { ...context, ...afterSurvey(context, s) };
  return context;
}

const both = ['eu-west-1', 'us-east-1'];

describe('the role gate watch', () => {
  it('keeps each region watched since its first survey while surveys follow within 10 minutes', () => {
    const c = watched(survey(0, both), survey(5, both), survey(14, both));
    expect(c.watchSince).toEqual({ 'eu-west-1': 0, 'us-east-1': 0 });
    expect(c.readAt).toEqual({ 'eu-west-1': 14 * MIN, 'us-east-1': 14 * MIN });
  });

  it('restarts the watch of every region after a gap of over 10 minutes between surveys', () => {
    const c = watched(survey(0, both), survey(11, both));
    expect(c.watchSince).toEqual({ 'eu-west-1': 11 * MIN, 'us-east-1': 11 * MIN });
  });

  it('keeps a region watched through one unreadable survey when its reads stay within 10 minutes', () => {
    const c = watched(survey(0, both), survey(5, ['us-east-1'], [problem('eu-west-1')]), survey(9, both));
    expect(c.watchSince).toEqual({ 'eu-west-1': 0, 'us-east-1': 0 });
  });

  it('restarts the watch of a region unreadable for longer than 10 minutes, and only of that region', () => {
    const c = watched(
      survey(0, both),
      survey(5, ['us-east-1'], [problem('eu-west-1')]),
      survey(10, ['us-east-1'], [problem('eu-west-1')]),
      survey(15, both),
    );
    expect(c.watchSince).toEqual({ 'eu-west-1': 15 * MIN, 'us-east-1': 0 });
  });

  it('keeps the watch through a survey that failed as a whole, and lets the gap since the last read decide', () => {
    const short = watched(survey(0, both), failedSurvey(4), survey(8, both));
    expect(short.watchSince).toEqual({ 'eu-west-1': 0, 'us-east-1': 0 });
    const long = watched(survey(0, both), failedSurvey(4), failedSurvey(9), survey(12, both));
    expect(long.watchSince).toEqual({ 'eu-west-1': 12 * MIN, 'us-east-1': 12 * MIN });
  });

  it('keeps discovered regions watched while the region listing itself cannot be read', () => {
    const c = watched(survey(0, [...both, 'ap-south-1']), survey(5, both, [problem('global')]), survey(9, [...both, 'ap-south-1']));
    expect(c.watchSince).toEqual({ 'eu-west-1': 0, 'us-east-1': 0, 'ap-south-1': 0 });
  });

  it('drops a region the survey skips as not enabled', () => {
    const c = watched(survey(0, [...both, 'af-south-1']), survey(5, both, [], [{ region: 'af-south-1', reason: 'notEnabled' }]));
    expect(Object.keys(c.watchSince).sort()).toEqual(both);
  });

  it('counts as settled only when the last survey read every watched region after the whole window', () => {
    expect(settled(watched(survey(0, both), survey(5, both), survey(10, both)))).toBe(false);
    const reads = [0, 5, 10, 15, 20, 25, 30, 35, 40, 45].map((m) => survey(m, both));
    expect(settled(watched(...reads))).toBe(true);
    // The window has passed for both regions, but the last survey did not read one of them.
    const unread = watched(...reads.slice(0, -1), survey(45, ['us-east-1'], [problem('eu-west-1')]));
    expect(unread.watchSince['eu-west-1']).toBe(0);
    expect(settled(unread)).toBe(false);
  });

  it('is never settled before any survey', () => {
    expect(settled(watched())).toBe(false);
  });
});
