/**
 * The benchmark's projection: a fleet's database cost from the per-step costs a trial measured.
 */
import { projectFleet } from '../../bench/runner';

test('projects a fleet from measured per-step costs', () => {
  const fleet = projectFleet(
    { stepsPerCreate: 30, stepsPerDelete: 20, transactionsPerStep: 6, rowsWrittenPerStep: 5, snapshotBytes: 3000, stepsPerSecond: 1, postgresCpuSecondsPerMinute: 6 },
    { accounts: 2, regions: 3, perRegion: 5 },
  );
  expect(fleet).toEqual({
    environments: 30,
    lifecycles: 64,
    steps: 1500,
    transactions: 9000,
    rowsWritten: 7500,
    liveSnapshotMB: 0.1,
    peakStepsPerSecond: 0.3,
    peakPostgresCores: 0.03,
  });
});
