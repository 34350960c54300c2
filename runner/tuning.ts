/**
 * pg-boss settings for lifecycle steps. pg-boss's defaults suit short jobs with generous retries:
 * a job whose worker died stays `active` for 15 minutes (`expireInSeconds` 900) and expiry is only
 * checked once a minute. A step here lasts seconds, so the runner asks for heartbeats instead: a
 * worker that stops sending them (SIGKILL, OOM, a lost host) has its step retried after about
 * `heartbeatSeconds` plus one monitor pass, not after 15 minutes.
 */

/** How the step queue and the pg-boss instances behind a runner are tuned. */
export interface RunnerTuning {
  /** A claimed step whose worker sent no heartbeat for this long is retried. pg-boss's minimum, 10 s. */
  heartbeatSeconds: number;
  /** How often expiry and missed heartbeats are checked (pg-boss default 60 s). Default 2 s. */
  monitorIntervalSeconds: number;
  /** The hard limit of one step, heartbeats or not (pg-boss default 900 s). Default 600 s: above the longest step (`maxStepMs` plus one port call with its retries). */
  expireInSeconds: number;
  /** How often an idle worker looks for due steps (pg-boss default 2 s). Default 0.5 s, pg-boss's minimum. */
  pollingIntervalSeconds: number;
  /** How many times a step that threw (a database outage, a bug) is tried again before its job fails. Default 50. */
  retryLimit: number;
  /** First delay before such a retry, doubling up to `retryDelayMaxSeconds`. Default 1 s. */
  retryDelaySeconds: number;
  /** Longest delay between retries. Default 30 s. */
  retryDelayMaxSeconds: number;
}

/** The settings {@link RunnerTuning} describes, with the reasons given there. */
export const DEFAULT_TUNING: Readonly<RunnerTuning> = {
  heartbeatSeconds: 10,
  monitorIntervalSeconds: 2,
  expireInSeconds: 600,
  pollingIntervalSeconds: 0.5,
  retryLimit: 50,
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 30,
};

/** The pg-boss queue that holds every lifecycle's next step. */
export const STEP_QUEUE = 'mwaa-lifecycle-steps';
