/** What `serve` prints when it starts: where it listens, what it answers, how its clock moves. */
import type { ClockMode } from './clockDriver';
import { CONTROL_PREFIX } from './control';

/** What the banner describes. */
export interface BannerFacts {
  url: string;
  clock: ClockMode;
  /** Virtual ms epoch the world starts at. */
  now: number;
  /** The plan or scenario file the world came from, if any. */
  worldFile?: string;
}

/** The lines of the startup banner. */
export function bannerLines(facts: BannerFacts): string[] {
  const control = `${facts.url}${CONTROL_PREFIX}`;
  const clock =
    facts.clock.kind === 'manual'
      ? `manual: still until POST ${control}/clock/advance {"ms": N}`
      : `${facts.clock.speed} virtual ms per real ms`;
  return [
    `mwaa-lifecycle serve: listening on ${facts.url}`,
    '  answers:    MWAA (restJson1), IAM (awsQuery) and EC2 (ec2Query), routed by the SigV4 credential scope',
    '  signatures: parsed, NOT verified: any access key and secret are accepted',
    `  world:      ${facts.worldFile ?? 'the default world (no role, no environments)'}`,
    `  clock:      ${clock}; virtual now ${new Date(facts.now).toISOString()}`,
    `  control:    ${control}/clock, /faults, /world, /world/snapshot, /world/reset`,
    `  try:        AWS_ENDPOINT_URL=${facts.url} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test mwaa-lifecycle status --regions us-east-1`,
  ];
}
