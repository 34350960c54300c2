/**
 * The scheduled status paths of an MWAA environment, on the shared virtual
 * clock: create (with the CUSTOMER-endpoint PENDING pause), update (with the snapshot step of a
 * version change and the planned failures), delete followed by the SLR-driven cleanup, and (when
 * the world has it on) service maintenance of AVAILABLE environments.
 */
import { INCORRECT_CONFIGURATION_MESSAGE, pendingTimeoutMessage, updateFailedMessage } from '../../domain/awsMessages';
import {
  EnvironmentStatus,
  UpdateStatus,
  WorkerReplacementStrategy,
  type EnvironmentSpec,
  type LastUpdate,
} from '../port';
import { DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START } from './describe';
import type { Ec2Service } from './ec2';
import { untilWeeklyWindow } from './maintenance';
import { WorldEventKind, type EnvironmentPlan } from './types';
import { envKey, type AccountState, type EnvironmentRecord, type World } from './world';

/** Options of an update run. */
export interface UpdateRun {
  next: EnvironmentSpec;
  durationMs: number;
  versionChange: boolean;
  fails?: EnvironmentPlan['updateFails'];
  workerReplacementStrategy?: WorkerReplacementStrategy;
}

/** Drives environments through their statuses. */
export class EnvironmentLifecycle {
  constructor(
    private readonly world: World,
    private readonly ec2: Ec2Service,
  ) {}

  /** CREATING → AVAILABLE, CREATE_FAILED, or (CUSTOMER endpoints) PENDING. */
  startCreate(account: AccountState, env: EnvironmentRecord, durationMs: number, fails?: EnvironmentPlan['createFails']): void {
    this.setStatus(env, EnvironmentStatus.CREATING);
    const step = this.stepper(account, env);
    // MWAA builds the network part early in the create, so a failed create leaves it behind too.
    step(Math.floor(durationMs / 3), () => this.ec2.provision(account, env));
    step(durationMs, () => {
      if (fails) {
        this.fail(env, EnvironmentStatus.CREATE_FAILED, fails.errorCode, fails.errorMessage);
      } else if (env.spec.endpointManagement === 'CUSTOMER' && !env.customerEndpointsReady) {
        this.setStatus(env, EnvironmentStatus.PENDING);
        const generation = env.generation;
        env.pendingTimer = this.world.after(this.world.timings.pendingTimeout, () => {
          if (env.generation !== generation || env.status !== EnvironmentStatus.PENDING) return;
          delete env.pendingTimer;
          this.fail(env, EnvironmentStatus.CREATE_FAILED, 'INCORRECT_CONFIGURATION', pendingTimeoutMessage());
        });
      } else {
        this.succeed(env, EnvironmentStatus.AVAILABLE);
      }
    });
  }

  /** The customer made the VPC endpoints: a PENDING environment resumes (CREATING) and becomes AVAILABLE. */
  release(account: AccountState, env: EnvironmentRecord): void {
    env.customerEndpointsReady = true;
    if (env.status !== EnvironmentStatus.PENDING) return;
    this.cancelPending(env);
    this.setStatus(env, EnvironmentStatus.CREATING);
    this.stepper(account, env)(this.world.rng.durations.duration(this.world.timings.resumeAfterRelease), () =>
      this.succeed(env, EnvironmentStatus.AVAILABLE),
    );
  }

  /** UPDATING [→ CREATING_SNAPSHOT → UPDATING] → AVAILABLE, or a planned failure. */
  startUpdate(account: AccountState, env: EnvironmentRecord, run: UpdateRun): void {
    const lastUpdate: LastUpdate = { status: UpdateStatus.PENDING, createdAt: this.world.now() };
    if (run.workerReplacementStrategy) lastUpdate.workerReplacementStrategy = run.workerReplacementStrategy;
    env.lastUpdate = lastUpdate;
    this.setStatus(env, EnvironmentStatus.UPDATING);
    const step = this.stepper(account, env);
    const at = (fraction: number): number => Math.floor(run.durationMs * fraction);
    if (run.versionChange) {
      // The metadata database is snapshotted before a version change (terraform-provider-aws#31833).
      step(at(0.2), () => this.setStatus(env, EnvironmentStatus.CREATING_SNAPSHOT));
      step(at(0.4), () => this.setStatus(env, EnvironmentStatus.UPDATING));
    }
    if (run.fails === 'rollback' || run.fails === 'unavailable') {
      const end = run.fails === 'rollback' ? EnvironmentStatus.UPDATE_FAILED : EnvironmentStatus.UNAVAILABLE;
      step(at(0.7), () => this.setStatus(env, EnvironmentStatus.ROLLING_BACK));
      step(run.durationMs, () => this.fail(env, end, 'UPDATE_FAILED', updateFailedMessage()));
    } else if (run.fails === 'available-with-failed-update') {
      // Seen by the ACK controller: the environment is usable again, only LastUpdate says it failed.
      step(run.durationMs, () => this.fail(env, EnvironmentStatus.AVAILABLE, 'UPDATE_FAILED', updateFailedMessage()));
    } else {
      step(run.durationMs, () => {
        const groupsChanged =
          run.next.networkConfiguration.securityGroupIds.join() !== env.spec.networkConfiguration.securityGroupIds.join();
        // Tags are not part of an update: TagResource may have changed them while it ran.
        const { tags } = env.spec;
        env.spec = run.next;
        if (tags === undefined) delete env.spec.tags;
        else env.spec.tags = tags;
        if (groupsChanged) this.ec2.updateSecurityGroups(account, env);
        this.succeed(env, EnvironmentStatus.AVAILABLE);
      });
    }
  }

  /** DELETING → DELETED (briefly visible) → gone, then the cleanup of its network resources. */
  startDelete(account: AccountState, env: EnvironmentRecord, durationMs: number): void {
    this.cancelPending(env);
    this.setStatus(env, EnvironmentStatus.DELETING);
    this.stepper(account, env)(durationMs, () => {
      this.setStatus(env, EnvironmentStatus.DELETED);
      this.world.after(this.world.rng.durations.duration(this.world.timings.deletedVisibility), () => {
        const key = envKey(env.region, env.name);
        if (account.environments.get(key) !== env) return;
        account.environments.delete(key);
        this.world.emit(account.id, WorldEventKind.environmentGone, { region: env.region, name: env.name, detail: { arn: env.arn } });
        // The cleanup runs later and through the SLR: the window in which deleting the role strands resources.
        this.world.after(this.world.rng.durations.duration(this.world.timings.cleanupAfterDelete), () => this.ec2.cleanup(account, env));
      });
    });
  }

  /**
   * Schedules the next service maintenance of an environment that just became AVAILABLE:
   * AVAILABLE → MAINTENANCE → AVAILABLE, LastUpdate.Source set, workers replaced GRACEFUL. It runs
   * as an operation of its own, so any later operation (or the environment going) cancels it.
   */
  private scheduleMaintenance(env: EnvironmentRecord): void {
    const { maintenance } = this.world;
    if (maintenance === null) return;
    const window = env.spec.weeklyMaintenanceWindowStart ?? DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START;
    const waitMs = maintenance.everyMs ?? untilWeeklyWindow(window, this.world.now());
    const step = this.stepper(this.world.account(env.accountId), env);
    step(waitMs, () => {
      env.lastUpdate = {
        status: UpdateStatus.PENDING,
        createdAt: this.world.now(),
        source: maintenance.source,
        workerReplacementStrategy: WorkerReplacementStrategy.GRACEFUL,
      };
      this.setStatus(env, EnvironmentStatus.MAINTENANCE);
      // Drawn only when maintenance really starts, so a cancelled one takes no draw from the stream.
      step(this.world.rng.durations.duration(maintenance.durationMs), () => this.succeed(env, EnvironmentStatus.AVAILABLE));
    });
  }

  /** Sets the status and logs it. */
  setStatus(env: EnvironmentRecord, status: EnvironmentStatus): void {
    env.status = status;
    this.world.emit(env.accountId, WorldEventKind.environmentStatus, { region: env.region, name: env.name, status });
  }

  /**
   * Starts a new operation on `env` and returns a scheduler for its steps. Steps of an older
   * operation, or of an environment that is gone, do nothing.
   */
  private stepper(account: AccountState, env: EnvironmentRecord): (atMs: number, fn: () => void) => void {
    env.generation += 1;
    const generation = env.generation;
    return (atMs, fn) => {
      this.world.after(atMs, () => {
        if (env.generation !== generation || account.environments.get(envKey(env.region, env.name)) !== env) return;
        fn();
      });
    };
  }

  private succeed(env: EnvironmentRecord, status: EnvironmentStatus): void {
    env.lastUpdate = { ...env.lastUpdate, status: UpdateStatus.SUCCESS };
    delete env.lastUpdate.error;
    this.setStatus(env, status);
    if (status === EnvironmentStatus.AVAILABLE) this.scheduleMaintenance(env);
  }

  private fail(env: EnvironmentRecord, status: EnvironmentStatus, errorCode: string, errorMessage: string): void {
    env.lastUpdate = { ...env.lastUpdate, status: UpdateStatus.FAILED, error: { errorCode, errorMessage } };
    this.setStatus(env, status);
    if (status === EnvironmentStatus.AVAILABLE) this.scheduleMaintenance(env);
  }

  private cancelPending(env: EnvironmentRecord): void {
    if (env.pendingTimer === undefined) return;
    this.world.clock.clearTimeout(env.pendingTimer);
    delete env.pendingTimer;
  }
}

/** A ready-made `createFails` plan: the LastUpdate.Error real failed creates carry. */
export const INCORRECT_CONFIGURATION_FAILURE = { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: INCORRECT_CONFIGURATION_MESSAGE } as const;
