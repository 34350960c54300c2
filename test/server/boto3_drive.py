"""Drives `mwaa-lifecycle serve` with boto3, as a Python user would, and prints what it saw as JSON.

Usage: python3 boto3_drive.py ENDPOINT_URL. The endpoint's clock must be manual: virtual time is
moved through the control endpoint between steps.
"""
import json
import sys
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
HOUR = 3600_000
# An IP address or `localhost` gets no `api.` prefix to resolve: botocore must not inject it.
CONFIG = Config(inject_host_prefix=False, retries={"max_attempts": 1})
KEYS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


def advance(ms):
    request = urllib.request.Request(
        f"{ENDPOINT}/_mwaa-lifecycle/clock/advance",
        data=json.dumps({"ms": ms}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def error_code(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
    return None


mwaa = boto3.client("mwaa", endpoint_url=ENDPOINT, region_name="eu-west-1", config=CONFIG, **KEYS)
iam = boto3.client("iam", endpoint_url=ENDPOINT, region_name="us-east-1", config=CONFIG, **KEYS)
seen = {}

role = iam.create_service_linked_role(AWSServiceName="airflow.amazonaws.com")["Role"]
seen["createdRole"] = role["RoleName"]
advance(60_000)
seen["getRole"] = iam.get_role(RoleName="AWSServiceRoleForAmazonMWAA")["Role"]["Arn"]
seen["trustPolicyService"] = iam.get_role(RoleName="AWSServiceRoleForAmazonMWAA")["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]

spec = {
    "ExecutionRoleArn": "arn:aws:iam::123456789012:role/mwaa-execution",
    "SourceBucketArn": "arn:aws:s3:::boto-dags",
    "DagS3Path": "dags",
    "NetworkConfiguration": {"SubnetIds": ["subnet-0aaa", "subnet-0bbb"], "SecurityGroupIds": ["sg-0ccc"]},
}
names = ["boto-a", "boto-b", "boto-c"]
seen["createdArns"] = [mwaa.create_environment(Name=name, **spec)["Arn"] for name in names]
seen["statusAfterCreate"] = mwaa.get_environment(Name="boto-a")["Environment"]["Status"]
advance(HOUR)
seen["statusLater"] = mwaa.get_environment(Name="boto-a")["Environment"]["Status"]

pages = list(mwaa.get_paginator("list_environments").paginate(PaginationConfig={"PageSize": 1}))
seen["pages"] = [page["Environments"] for page in pages]

mwaa.update_environment(Name="boto-a", MaxWorkers=5)
seen["statusAfterUpdate"] = mwaa.get_environment(Name="boto-a")["Environment"]["Status"]
advance(HOUR)
seen["maxWorkersAfterUpdate"] = mwaa.get_environment(Name="boto-a")["Environment"]["MaxWorkers"]

seen["missingEnvironment"] = error_code(mwaa.get_environment, Name="ghost")
seen["roleInUse"] = error_code(iam.delete_role, RoleName="AWSServiceRoleForAmazonMWAA")

for name in names:
    mwaa.delete_environment(Name=name)
advance(2 * HOUR)
seen["afterDelete"] = mwaa.list_environments()["Environments"]

task = iam.delete_service_linked_role(RoleName="AWSServiceRoleForAmazonMWAA")["DeletionTaskId"]
seen["deletionTaskId"] = task
seen["deletionStatusFirst"] = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"]
advance(5 * 60_000)
seen["deletionStatusLater"] = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"]
seen["roleAfterDeletion"] = error_code(iam.get_role, RoleName="AWSServiceRoleForAmazonMWAA")

print(json.dumps(seen))
