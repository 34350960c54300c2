/**
 * Round trips the contract does not cover: ListEnvironments page tokens, the role and a failed
 * deletion report field by field, and role descriptions that need escaping in both the awsQuery
 * form body and the XML answer.
 */
import { useSimulatorWire, waitInVirtualTime, wireSpec } from './simulatorWire';

const REGION = 'eu-west-1';
const t = useSimulatorWire();

describe('ListEnvironments paging over the wire', () => {
  it('collects every page when the adapter pages two names at a time', async () => {
    const names = ['wire-page-a', 'wire-page-b', 'wire-page-c', 'wire-page-d', 'wire-page-e'];
    for (const name of names) await t.aws.mwaa.createEnvironment(REGION, wireSpec(name));
    const seen = t.wire.mwaa.requests.length;
    const paged = t.wire.adapter({ pageSizes: { listEnvironments: 2 } });
    try {
      await expect(paged.mwaa.listEnvironments(REGION)).resolves.toEqual(names);
    } finally {
      paged.destroy();
    }
    const listRequests = t.wire.mwaa.requests.slice(seen).filter((r) => r.method === 'GET' && r.path === '/environments');
    expect(listRequests.map((r) => r.query.get('MaxResults'))).toEqual(['2', '2', '2']);
    expect(listRequests.map((r) => r.query.has('NextToken'))).toEqual([false, true, true]);
  });
});

describe('the service-linked role through the adapter and the HTTP front', () => {
  it('describes the role and a failed deletion task exactly as the simulator does', async () => {
    await t.aws.mwaa.createEnvironment(REGION, wireSpec('wire-role-user'));
    const role = await waitInVirtualTime(t.wire.sim, () => t.aws.serviceLinkedRole.getRole(), (r) => r !== null, 60_000);
    expect(role).toEqual(await t.wire.sim.ports().serviceLinkedRole.getRole());

    const { deletionTaskId } = await t.aws.serviceLinkedRole.deleteRole();
    const report = await waitInVirtualTime(
      t.wire.sim,
      () => t.aws.serviceLinkedRole.getDeletionStatus(deletionTaskId),
      (r) => r?.status === 'FAILED',
      10 * 60_000,
    );
    expect(report).toEqual(await t.wire.sim.ports().serviceLinkedRole.getDeletionStatus(deletionTaskId));
    expect(report?.roleUsage).toEqual([{ region: REGION, resources: [expect.stringContaining('environment/wire-role-user') as unknown] }]);
  });

  it('round-trips a description with XML metacharacters, a tab, a newline and Latin-1 letters', async () => {
    await t.aws.serviceLinkedRole.createRole({ description: 'before' });
    const description = `a & b < c > 'd' "e"\tf\ng ü ÿ %41 + =`;

    const updated = await t.aws.serviceLinkedRole.updateDescription(description);

    expect(updated.description).toBe(description);
    expect(t.wire.sim.inventory().serviceLinkedRole?.description).toBe(description);
  });
});
