/**
 * The simulated MWAA's tagging operations: TagResource, UntagResource and ListTagsForResource,
 * their validation before any change, NotFound for unknown ARNs, GetEnvironment's `tags`, faults.
 */
import { HOUR, MINUTE, OTHER_REGION, REGION, advanceUntil, rejection, simulator, spec } from './support';

const arnOf = (name: string, region = REGION): string => `arn:aws:airflow:${region}:123456789012:environment/${name}`;

describe('simulated MWAA tagging', () => {
  it('adds, overwrites, lists and removes tags, and GetEnvironment reports them', async () => {
    const sim = simulator();
    const { mwaa } = sim.ports();
    const { arn } = await mwaa.createEnvironment(REGION, spec('owned', { tags: { team: 'data' } }));
    expect(arn).toBe(arnOf('owned'));

    await mwaa.tagResource(REGION, arn, { owner: 'alice', team: 'platform' });
    await expect(mwaa.listTagsForResource(REGION, arn)).resolves.toEqual({ team: 'platform', owner: 'alice' });
    await expect(mwaa.getEnvironment(REGION, 'owned')).resolves.toMatchObject({ tags: { team: 'platform', owner: 'alice' } });

    await mwaa.untagResource(REGION, arn, ['team', 'absent']);
    await expect(mwaa.listTagsForResource(REGION, arn)).resolves.toEqual({ owner: 'alice' });
    await mwaa.untagResource(REGION, arn, ['owner']);
    await expect(mwaa.listTagsForResource(REGION, arn)).resolves.toEqual({});
    // Whether GetEnvironment then sends `Tags: {}` or no Tags is the describe layer's business.
    expect((await mwaa.getEnvironment(REGION, 'owned'))?.tags ?? {}).toEqual({});
    await expect(mwaa.untagResource(REGION, arn, [])).resolves.toBeUndefined();
  });

  it('hands out copies: changing a returned map changes nothing in the world', async () => {
    const sim = simulator();
    const { mwaa } = sim.ports();
    const { arn } = await mwaa.createEnvironment(REGION, spec('copied'));
    const tags = { owner: 'alice' };
    await mwaa.tagResource(REGION, arn, tags);
    tags.owner = 'mallory';
    const listed = await mwaa.listTagsForResource(REGION, arn);
    listed['owner'] = 'eve';
    await expect(mwaa.listTagsForResource(REGION, arn)).resolves.toEqual({ owner: 'alice' });
  });

  it('raises NotFound for an unknown ARN, another region’s ARN and a not-yet-visible environment', async () => {
    const sim = simulator({ uncertainty: { createVisibilityLag: { minMs: MINUTE, maxMs: MINUTE } } });
    const { mwaa } = sim.ports();
    for (const work of [
      mwaa.tagResource(REGION, arnOf('absent'), { owner: 'x' }),
      mwaa.untagResource(REGION, arnOf('absent'), ['owner']),
      mwaa.listTagsForResource(REGION, arnOf('absent')),
    ]) {
      expect(await rejection(work)).toMatchObject({ code: 'NotFound', awsName: 'ResourceNotFoundException', service: 'mwaa', retryable: false });
    }
    const { arn } = await mwaa.createEnvironment(REGION, spec('late'));
    expect((await rejection(mwaa.listTagsForResource(REGION, arn))).code).toBe('NotFound');
    await sim.clock.advance(MINUTE);
    await expect(mwaa.listTagsForResource(REGION, arn)).resolves.toEqual({});
    expect((await rejection(mwaa.listTagsForResource(OTHER_REGION, arn))).code).toBe('NotFound');
    // Another account's ports do not find this account's environment.
    expect((await rejection(sim.ports('210987654321').mwaa.listTagsForResource(REGION, arn))).code).toBe('NotFound');
  });

  it('validates the ARN and the tags before any change, with AWS’s Coral wording', async () => {
    const sim = simulator();
    const { mwaa } = sim.ports();
    const { arn } = await mwaa.createEnvironment(REGION, spec('strict', { tags: { owner: 'alice' } }));
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [mwaa.tagResource(REGION, 'arn:aws:s3:::bucket', { a: 'b' }), /at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern/],
      [mwaa.tagResource(REGION, `${arn}${'x'.repeat(1224)}`, { a: 'b' }), /at 'resourceArn' .*length less than or equal to 1224/],
      [mwaa.tagResource(REGION, arn, {}), /at 'tags' .*length greater than or equal to 1/],
      [mwaa.tagResource(REGION, arn, many), /at 'tags' .*length less than or equal to 50/],
      [mwaa.tagResource(REGION, arn, { 'bad#key': 'v' }), /Map keys must satisfy constraint: \[Member must satisfy regular expression pattern/],
      [mwaa.tagResource(REGION, arn, { ['k'.repeat(129)]: 'v' }), /Map keys must satisfy constraint: \[Member must have length less than or equal to 128\]/],
      [mwaa.tagResource(REGION, arn, { owner: 'v'.repeat(257) }), /Map value must satisfy constraint: \[Member must have length less than or equal to 256\]/],
      [mwaa.tagResource(REGION, arn, { owner: '' }), /Map value must satisfy constraint: \[Member must have length greater than or equal to 1\]/],
      [mwaa.untagResource(REGION, arn, ['ok', 'bad#key']), /at 'tagKeys.2.member' .*regular expression pattern/],
      [mwaa.untagResource(REGION, arn, Object.keys(many)), /at 'tagKeys' .*length less than or equal to 50/],
      [mwaa.listTagsForResource(REGION, 'not-an-arn'), /at 'resourceArn'/],
    ];
    for (const [work, message] of cases) {
      const error = await rejection(work);
      expect({ code: error.code, awsName: error.awsName }).toEqual({ code: 'InvalidInput', awsName: 'ValidationException' });
      expect(error.message).toMatch(message);
    }
    // A malformed ARN is refused before the lookup: InvalidInput, not NotFound.
    expect((await rejection(mwaa.listTagsForResource(REGION, 'arn:aws:airflow:eu-west-1:123:environment/x'))).code).toBe('InvalidInput');
    await expect(mwaa.listTagsForResource(REGION, arn)).resolves.toEqual({ owner: 'alice' });
  });

  it('refuses a TagResource that would leave more than 50 tags, and changes nothing', async () => {
    const sim = simulator();
    const { mwaa } = sim.ports();
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const { arn } = await mwaa.createEnvironment(REGION, spec('full', { tags: fifty }));
    await mwaa.tagResource(REGION, arn, { k0: 'changed' });
    expect((await rejection(mwaa.tagResource(REGION, arn, { extra: 'v' }))).code).toBe('InvalidInput');
    const tags = await mwaa.listTagsForResource(REGION, arn);
    expect(Object.keys(tags)).toHaveLength(50);
    expect(tags).toMatchObject({ k0: 'changed' });
    expect(tags).not.toHaveProperty('extra');
  });

  it('keeps tags changed while an update runs when the update completes', async () => {
    const sim = simulator();
    const { mwaa } = sim.ports();
    const { arn } = await mwaa.createEnvironment(REGION, spec('busy', { tags: { team: 'data' } }));
    await advanceUntil(sim, 'busy', ['AVAILABLE']);
    await mwaa.updateEnvironment(REGION, { name: 'busy', maxWorkers: 5 });
    await mwaa.tagResource(REGION, arn, { owner: 'alice' });
    await mwaa.untagResource(REGION, arn, ['team']);
    await advanceUntil(sim, 'busy', ['AVAILABLE'], REGION, 2 * HOUR);
    const env = await mwaa.getEnvironment(REGION, 'busy');
    expect(env).toMatchObject({ maxWorkers: 5, tags: { owner: 'alice' } });
    expect(env?.tags).not.toHaveProperty('team');
  });

  it('serves faults, scripted failures and the call log for the tagging operations like the others', async () => {
    const sim = simulator({ faults: [{ operation: 'mwaa.listTagsForResource', kind: 'throttle', rate: 1 }] });
    const { mwaa } = sim.ports();
    const { arn } = await mwaa.createEnvironment(REGION, spec('faulty'));
    expect(await rejection(mwaa.listTagsForResource(REGION, arn))).toMatchObject({ code: 'Throttled', awsName: 'ThrottlingException', retryable: true });
    sim.failNext({ operation: 'mwaa.tagResource', awsName: 'InternalServerException', message: 'boom' });
    expect(await rejection(mwaa.tagResource(REGION, arn, { owner: 'alice' }))).toMatchObject({ code: 'Unavailable', operation: 'tagResource' });
    // The failed call changed nothing; the next one goes through.
    await mwaa.tagResource(REGION, arn, { owner: 'bob' });
    expect((await mwaa.getEnvironment(REGION, 'faulty'))?.tags).toEqual({ owner: 'bob' });
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(mwaa.untagResource(REGION, arn, ['owner'], controller.signal))).code).toBe('Aborted');
    expect((await mwaa.getEnvironment(REGION, 'faulty'))?.tags).toEqual({ owner: 'bob' });
    const tagging = sim.calls().filter((c) => c.operation.startsWith('mwaa.') && c.operation.includes('ag'));
    expect(tagging.map((c) => [c.operation, c.target, c.outcome])).toEqual([
      ['mwaa.listTagsForResource', arn, 'Throttled'],
      ['mwaa.tagResource', arn, 'Unavailable'],
      ['mwaa.tagResource', arn, 'ok'],
      ['mwaa.untagResource', arn, 'Aborted'],
    ]);
  });

  it('refuses tagging in a region without MWAA before anything else, like the other MWAA calls', async () => {
    const sim = simulator();
    // mx-central-1 has no MWAA endpoint: DNS fails before validation or lookup.
    const error = await rejection(sim.ports().mwaa.listTagsForResource('mx-central-1', 'not-an-arn'));
    expect(error).toMatchObject({ code: 'NoEndpoint', operation: 'listTagsForResource' });
  });
});
