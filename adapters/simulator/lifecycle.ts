/**
 * The scheduled status paths of an MWAA environment, on the shared virtual
 * clock: create (with the CUSTOMER-endpoint PENDING pause), update (with the snapshot step of a
 * version change and the planned failures), delete followed by the SLR-driven cleanup, and (when
 * the world has it on) service maintenance of AVAILABLE environments.
 */
import { INCORRECT_CONFIGURATION_MESSAGE, pendingTimeoutMessage, updateFailedMessage } from '../../domain/awsMessages';
import type { EnvironmentAction, EnvironmentRef } from './scheduledSteps';
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
import { envKey, type EnvironmentRecord, type World } from './world';

/** Options of an update run. */
export interface UpdateRun {
  next: EnvironmentSpec;
  durationMs: number;
  versionChange: boolean;
  fails?: EnvironmentPlan['updateFails'];
  workerReplacementStrategy?: WorkerReplacementStrategy;
}

/** Drives environments through their statuses, one scheduled step at a time. */
export class EnvironmentLifecycle {
  constructor(
    private readonly world: World,
    private readonly ec2: Ec2Service,
  ) {}

  /** CREATING → AVAILABLE, CREATE_FAILED, or (CUSTOMER endpoints) PENDING. */
  startCreate(env: EnvironmentRecord, durationMs: number, fails?: EnvironmentPlan['createFails']): void {
    this.setStatus(env, EnvironmentStatus.CREATING);
    const step = this.stepper(env);
    // MWAA builds the network part early in the create, so a failed create leaves it behind too.
    step(Math.floor(durationMs / 3), { do: 'provision' });
    step(durationMs, fails ? { do: 'finishCreate', fails: { ...fails } } : { do: 'finishCreate' });
  }

  /** The customer made the VPC endpoints: a PENDING environment resumes (CREATING) and becomes AVAILABLE. */
  release(env: EnvironmentRecord): void {
    env.customerEndpointsReady = true;
    if (env.status !== EnvironmentStatus.PENDING) return;
    this.cancelPending(env);
    this.setStatus(env, EnvironmentStatus.CREATING);
    this.stepper(env)(this.world.rng.durations.duration(this.world.timings.resumeAfterRelease), { do: 'succeed' });
  }

  /** UPDATING [→ CREATING_SNAPSHOT → UPDATING] → AVAILABLE, or a planned failure. */
  startUpdate(env: EnvironmentRecord, run: UpdateRun): void {
    const lastUpdate: LastUpdate = { status: UpdateStatus.PENDING, createdAt: this.world.now() };
    if (run.workerReplacementStrategy) lastUpdate.workerReplacementStrategy = run.workerReplacementStrategy;
    env.lastUpdate = lastUpdate;
    this.setStatus(env, EnvironmentStatus.UPDATING);
    const step = this.stepper(env);
    const at = (fraction: number): number => Math.floor(run.durationMs * fraction);
    if (run.versionChange) {
      // The metadata database is snapshotted before a version change (terraform-provider-aws#31833).
      step(at(0.2), { do: 'setStatus', status: EnvironmentStatus.CREATING_SNAPSHOT });
      step(at(0.4), { do: 'setStatus', status: EnvironmentStatus.UPDATING });
    }
    const failed = { errorCode: 'UPDATE_FAILED', errorMessage: updateFailedMessage() };
    if (run.fails === 'rollback' || run.fails === 'unavailable') {
      const end = run.fails === 'rollback' ? EnvironmentStatus.UPDATE_FAILED : EnvironmentStatus.UNAVAILABLE;
      step(at(0.7), { do: 'setStatus', status: EnvironmentStatus.ROLLING_BACK });
      step(run.durationMs, { do: 'fail', status: end, ...failed });
    } else if (run.fails === 'available-with-failed-update') {
      // Seen by the ACK controller: the environment is usable again, only LastUpdate says it failed.
      step(run.durationMs, { do: 'fail', status: EnvironmentStatus.AVAILABLE, ...failed });
    } else {
      step(run.durationMs, { do: 'finishUpdate', next: structuredClone(run.next) });
    }
  }

  /** DELETING → DELETED (briefly visible) → gone, then the cleanup of its network resources. */
  startDelete(env: EnvironmentRecord, durationMs: number): void {
    this.cancelPending(env);
    this.setStatus(env, EnvironmentStatus.DELETING);
    this.stepper(env)(durationMs, { do: 'finishDelete' });
  }

  /** Carries out a scheduled step of an environment; a step of an older operation, or of an incarnation that is gone, does nothing. */
  runStep(ref: EnvironmentRef, generation: number, action: EnvironmentAction): void {
    const env = this.current(ref);
    if (!env || env.generation !== generation) return;
    switch (action.do) {
      case 'provision':
        return this.ec2.provision(this.world.account(env.accountId), env);
      case 'finishCreate':
        if (action.fails) return this.fail(env, EnvironmentStatus.CREATE_FAILED, action.fails.errorCode, action.fails.errorMessage);
        if (env.spec.endpointManagement === 'CUSTOMER' && !env.customerEndpointsReady) {
          this.setStatus(env, EnvironmentStatus.PENDING);
          env.pendingStep = this.world.steps.schedule(this.world.timings.pendingTimeout, { kind: 'environment', env: ref, generation, action: { do: 'pendingTimeout' } });
          return;
        }
        return this.succeed(env, EnvironmentStatus.AVAILABLE);
      case 'pendingTimeout':
        delete env.pendingStep;
        if (env.status !== EnvironmentStatus.PENDING) return;
        return this.fail(env, EnvironmentStatus.CREATE_FAILED, 'INCORRECT_CONFIGURATION', pendingTimeoutMessage());
      case 'succeed':
        return this.succeed(env, EnvironmentStatus.AVAILABLE);
      case 'setStatus':
        return this.setStatus(env, action.status);
      case 'fail':
        return this.fail(env, action.status, action.errorCode, action.errorMessage);
      case 'finishUpdate':
        return this.finishUpdate(env, action.next);
      case 'finishDelete':
        this.setStatus(env, EnvironmentStatus.DELETED);
        this.world.steps.schedule(this.world.rng.durations.duration(this.world.timings.deletedVisibility), { kind: 'environmentGone', env: ref });
        return;
      case 'startMaintenance':
        return this.startMaintenance(env, ref, generation);
    }
  }

  /** A DELETED incarnation leaves MWAA; its cleanup comes later, through the SLR. */
  remove(ref: EnvironmentRef): void {
    const env = this.current(ref);
    if (!env) return;
    const account = this.world.account(ref.accountId);
    account.environments.delete(envKey(env.region, env.name));
    this.world.emit(account.id, WorldEventKind.environmentGone, { region: env.region, name: env.name, detail: { arn: env.arn } });
    // The cleanup runs later and through the SLR: the window in which deleting the role strands resources.
    this.world.steps.schedule(this.world.rng.durations.duration(this.world.timings.cleanupAfterDelete), { kind: 'cleanup', env: ref });
  }

  /** Sets the status and logs it. */
  setStatus(env: EnvironmentRecord, status: EnvironmentStatus): void {
    env.status = status;
    this.world.emit(env.accountId, WorldEventKind.environmentStatus, { region: env.region, name: env.name, status });
  }

  private finishUpdate(env: EnvironmentRecord, next: EnvironmentSpec): void {
    const groupsChanged = next.networkConfiguration.securityGroupIds.join() !== env.spec.networkConfiguration.securityGroupIds.join();
    // Tags are not part of an update: TagResource may have changed them while it ran.
    const { tags } = env.spec;
    env.spec = next;
    if (tags === undefined) delete env.spec.tags;
    else env.spec.tags = tags;
    if (groupsChanged) this.ec2.updateSecurityGroups(this.world.account(env.accountId), env);
    this.succeed(env, EnvironmentStatus.AVAILABLE);
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
    this.stepper(env)(maintenance.everyMs ?? untilWeeklyWindow(window, this.world.now()), { do: 'startMaintenance' });
  }

  private startMaintenance(env: EnvironmentRecord, ref: EnvironmentRef, generation: number): void {
    const { maintenance } = this.world;
    if (maintenance === null) return;
    env.lastUpdate = {
      status: UpdateStatus.PENDING,
      createdAt: this.world.now(),
      source: maintenance.source,
      workerReplacementStrategy: WorkerReplacementStrategy.GRACEFUL,
    };
    this.setStatus(env, EnvironmentStatus.MAINTENANCE);
    // Drawn only when maintenance really starts, so a cancelled one takes no draw from the stream.
    this.world.steps.schedule(this.world.rng.durations.duration(maintenance.durationMs), { kind: 'environment', env: ref, generation, action: { do: 'succeed' } });
  }

  /** The environment this reference names, if that incarnation is still in MWAA. */
  private current(ref: EnvironmentRef): EnvironmentRecord | undefined {
    const env = this.world.account(ref.accountId).environments.get(envKey(ref.region, ref.name));
    return env?.instanceId === ref.instanceId ? env : undefined;
  }

  /**
   * Starts a new operation on `env` and returns a scheduler for its steps. Steps of an older
   * operation, or of an environment that is gone, do nothing.
   */
  private stepper(env: EnvironmentRecord): (atMs: number, action: EnvironmentAction) => void {
    env.generation += 1;
    const generation = env.generation;
    const ref = environmentRef(env);
    return (atMs, action) => {
      this.world.steps.schedule(atMs, { kind: 'environment', env: ref, generation, action });
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
    if (env.pendingStep === undefined) return;
    this.world.steps.cancel(env.pendingStep);
    delete env.pendingStep;
  }
}

/** The reference scheduled steps use for one environment incarnation. */
export function environmentRef(env: EnvironmentRecord): EnvironmentRef {
  return { accountId: env.accountId, region: env.region, name: env.name, instanceId: env.instanceId };
}

/** A ready-made `createFails` plan: the LastUpdate.Error real failed creates carry. */
export const INCORRECT_CONFIGURATION_FAILURE = { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: INCORRECT_CONFIGURATION_MESSAGE } as const;
