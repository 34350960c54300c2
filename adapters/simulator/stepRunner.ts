/**
 * Carries out the world's scheduled steps when they come due, handing each to the service that
 * owns it: environment steps to MWAA's lifecycle, cleanup to EC2, deletion task stages to IAM.
 */
import type { Ec2Service } from './ec2';
import type { IamService } from './iam';
import type { MwaaService } from './mwaa';
import type { ScheduledStep } from './scheduledSteps';
import type { World } from './world';

/** The services scheduled steps act through. */
export interface StepServices {
  world: World;
  mwaa: MwaaService;
  iam: IamService;
  ec2: Ec2Service;
}

/** Runs one due step. */
export function runScheduledStep(services: StepServices, step: ScheduledStep): void {
  const { world, mwaa, iam, ec2 } = services;
  switch (step.kind) {
    case 'environment':
      return mwaa.lifecycle.runStep(step.env, step.generation, step.action);
    case 'environmentGone':
      return mwaa.lifecycle.remove(step.env);
    case 'cleanup':
      return ec2.cleanup(world.account(step.env.accountId), step.env);
    case 'interfacesLinger':
      return ec2.endLinger(world.account(step.env.accountId), step.env, step.interfaceIds, step.detail);
    case 'deletionTaskStart':
      return iam.runTaskStep(step.accountId, step.taskId, 'start');
    case 'deletionTaskFinish':
      return iam.runTaskStep(step.accountId, step.taskId, 'finish');
    case 'deletionTaskPurge':
      return iam.runTaskStep(step.accountId, step.taskId, 'purge');
  }
}
