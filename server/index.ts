/**
 * `mwaa-lifecycle serve` as a library: a local AWS endpoint that answers MWAA (restJson1), IAM
 * (awsQuery) and EC2 (ec2Query) from the simulated AWS on virtual time, routing each request by
 * its SigV4 credential scope. Signatures are parsed, never verified.
 */
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type RunningServer, type ServeOptions } from './server';
export { ServedWorld, type WorldSnapshot } from './world';
export { ClockDriver, MAX_ADVANCE_MS, type ClockDriverOptions, type ClockMode, type ClockState } from './clockDriver';
export { CONTROL_PREFIX } from './control';
export { SERVICES } from './dispatch';
export { scenarioFromJson, faultRulesFromJson } from './scenario';
export { credentialScope, type CredentialScope, type WireRequest, type WireResponse } from './wire';
export { IAM_API_VERSION } from './iam/shapes';
export { EC2_API_VERSION } from './ec2/shapes';
