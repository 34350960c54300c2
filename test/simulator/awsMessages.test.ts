import { AWS_MESSAGE_PATTERNS, classifyAwsError, isRoleNotAssumableMessage } from '../../domain/awsErrorClasses';
import {
  cannotBeUpdatedMessage,
  conflictMessage,
  deletedCannotBeDeletedMessage,
  deletionTaskNotFoundMessage,
  duplicateEnvironmentMessage,
  duplicateNameOtherMessage,
  environmentNotFoundMessage,
  environmentQuotaMessage,
  protectedRoleMessage,
  roleNotAssumableMessage,
  roleNotFoundMessage,
  roleTakenMessage,
} from '../../domain/awsMessages';
import type { AwsErrorCode, AwsService } from '../../adapters/errors';

type Row = [service: AwsService, awsName: string, message: string, httpStatus: number | undefined, expected: AwsErrorCode];

describe('classifyAwsError', () => {
  const busy = ['CREATING', 'UPDATING', 'CREATING_SNAPSHOT', 'ROLLING_BACK', 'DELETING', 'PENDING', 'MAINTENANCE'];

  const rows: Row[] = [
    // MWAA
    ['mwaa', 'ResourceNotFoundException', environmentNotFoundMessage('x'), 404, 'NotFound'],
    ['mwaa', 'ValidationException', '1 validation error detected: Value x', 400, 'InvalidInput'],
    ['mwaa', 'ValidationException', cannotBeUpdatedMessage('CREATE_FAILED'), 400, 'Conflict'],
    ['mwaa', 'ValidationException', 'Environments with UPDATING status cannot be deleted.', 400, 'Conflict'],
    ['mwaa', 'ValidationException', deletedCannotBeDeletedMessage(), 400, 'NotFound'],
    ['mwaa', 'ValidationException', duplicateEnvironmentMessage('prod'), 400, 'AlreadyExists'],
    ['mwaa', 'ValidationException', environmentQuotaMessage('eu-west-1'), 400, 'LimitExceeded'],
    ['mwaa', 'ValidationException', roleNotAssumableMessage('arn:aws:iam::123456789012:role/r'), 400, 'InvalidInput'],
    ['mwaa', 'AccessDeniedException', 'User is not authorized', 403, 'AccessDenied'],
    ['mwaa', 'InternalServerException', 'boom', 500, 'Unavailable'],
    ['mwaa', 'ServiceUnavailableException', 'later', 503, 'Unavailable'],
    ['mwaa', 'ThrottlingException', 'Rate exceeded', 429, 'Throttled'],
    ['mwaa', 'SomethingNew', 'unmodeled', 429, 'Throttled'],
    ['mwaa', 'SomethingNew', 'unmodeled', 502, 'Unavailable'],
    // IAM, by wire code and by SDK name
    ['iam', 'NoSuchEntity', roleNotFoundMessage(), 404, 'NotFound'],
    ['iam', 'NoSuchEntityException', roleNotFoundMessage(), 404, 'NotFound'],
    ['iam', 'InvalidInput', roleTakenMessage(), 400, 'AlreadyExists'],
    ['iam', 'InvalidInputException', roleTakenMessage(), 400, 'AlreadyExists'],
    ['iam', 'InvalidInputException', 'Invalid deletion task id', 400, 'InvalidInput'],
    ['iam', 'UnmodifiableEntityException', protectedRoleMessage(), 400, 'Unmodifiable'],
    ['iam', 'LimitExceededException', 'Cannot exceed quota for RolesPerAccount: 1000', 409, 'LimitExceeded'],
    ['iam', 'ServiceFailureException', 'failure', 500, 'Unavailable'],
    ['iam', 'Throttling', 'Rate exceeded', 400, 'Throttled'],
    ['iam', 'ConcurrentModificationException', 'busy', 409, 'Conflict'],
    ['iam', 'DeleteConflictException', 'in use', 409, 'InUse'],
    ['iam', 'EntityAlreadyExistsException', 'exists', 409, 'AlreadyExists'],
    // EC2
    ['ec2', 'RequestLimitExceeded', 'Request limit exceeded.', 503, 'Throttled'],
    ['ec2', 'InvalidVpcEndpointId.NotFound', 'The VpcEndpoint Id does not exist', 400, 'NotFound'],
    ['ec2', 'InvalidNetworkInterfaceID.NotFound', 'does not exist', 400, 'NotFound'],
    ['ec2', 'UnauthorizedOperation', 'You are not authorized', 403, 'AccessDenied'],
    ['ec2', 'InternalError', 'An internal error has occurred', 500, 'Unavailable'],
    ['ec2', 'DependencyViolation', 'has dependencies', 400, 'InUse'],
    ['ec2', 'Whatever', 'unknown server problem', 503, 'Unavailable'],
    ['ec2', 'AbortError', 'aborted', undefined, 'Aborted'],
  ];

  it.each(rows)('maps %s %s (%s) to the right code', (service, awsName, message, httpStatus, expected) => {
    expect(classifyAwsError(service, awsName, message, httpStatus)).toBe(expected);
  });

  it.each(busy)('treats the previous-operation text for %s as a Conflict', (status) => {
    expect(classifyAwsError('mwaa', 'ValidationException', conflictMessage(status), 400)).toBe('Conflict');
  });

  it.each([
    ['iam', 'ExpiredToken', 400],
    ['mwaa', 'UnrecognizedClientException', 403],
    ['iam', 'InvalidClientTokenId', 403],
    ['ec2', 'AuthFailure', 401],
    ['mwaa', 'InvalidSignatureException', 400],
  ] as const)('treats %s %s (bad or expired credentials) as AccessDenied, not as bad input', (service, awsName, status) => {
    expect(classifyAwsError(service, awsName, 'credentials problem', status)).toBe('AccessDenied');
  });

  it('classifies IAM LimitExceeded as a quota even though the SDK retries it as throttling', () => {
    expect(classifyAwsError('iam', 'LimitExceeded', 'quota', 409)).toBe('LimitExceeded');
  });
});

describe('AWS message texts', () => {
  it('spells the verified texts exactly as AWS sends them', () => {
    expect(cannotBeUpdatedMessage('CREATE_FAILED')).toBe('Environments with CREATE_FAILED status cannot be updated.');
    expect(roleTakenMessage()).toBe(
      'Service role name AWSServiceRoleForAmazonMWAA has been taken in this account, please try a different suffix.',
    );
    expect(roleNotFoundMessage()).toBe('The role with name AWSServiceRoleForAmazonMWAA cannot be found.');
    expect(protectedRoleMessage()).toBe(
      "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMWAA' - this role is only modifiable by AWS",
    );
    expect(conflictMessage('UPDATING')).toBe(
      'Environments with UPDATING status must complete previous operation before initiating a new operation',
    );
  });

  it('recognises the IAM-propagation failure of CreateEnvironment', () => {
    const message = roleNotAssumableMessage('arn:aws:iam::123456789012:role/new');
    expect(message).toContain("Please ensure your role is assumable by 'airflow-env.amazonaws.com' Service Principal");
    expect(isRoleNotAssumableMessage(message)).toBe(true);
    expect(isRoleNotAssumableMessage(duplicateEnvironmentMessage('x'))).toBe(false);
  });

  it('keeps every builder matched by its own pattern and no other', () => {
    expect(AWS_MESSAGE_PATTERNS.duplicate.test(duplicateEnvironmentMessage('a-b_c'))).toBe(true);
    expect(AWS_MESSAGE_PATTERNS.quota.test(environmentQuotaMessage('us-east-1', 3))).toBe(true);
    expect(AWS_MESSAGE_PATTERNS.conflict.test(environmentNotFoundMessage('x'))).toBe(false);
    expect(AWS_MESSAGE_PATTERNS.roleTaken.test(roleNotFoundMessage())).toBe(false);
    expect(deletionTaskNotFoundMessage('task/x')).toContain('task/x');
  });

  it('matches no pattern with the other conceivable duplicate-name text, so it classifies as InvalidInput', () => {
    const message = duplicateNameOtherMessage('prod');
    for (const pattern of Object.values(AWS_MESSAGE_PATTERNS)) expect(pattern.test(message)).toBe(false);
    expect(classifyAwsError('mwaa', 'ValidationException', message, 400)).toBe('InvalidInput');
  });
});
