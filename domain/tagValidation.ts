/**
 * MWAA's server-side validation of TagResource, UntagResource and ListTagsForResource, as pure
 * functions in the style of `validation.ts`: the Coral-style text AWS sends for a model
 * constraint, or `null`. Constraints follow AWS's published MWAA service model (botocore
 * `mwaa/2020-07-01/service-2.json`): `EnvironmentArn` length 1-1224 with pattern
 * `^arn:aws(-[a-z]+)?:airflow:[a-z0-9\-]+:\d{12}:environment/\w+` (a prefix match, as the model
 * has no end anchor); `TagMap` 1-50 entries; `TagKey` length 1-128 and `TagValue` length 1-256,
 * both with pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`; `TagKeyList` 0-50 keys.
 */
import { MWAA_PATTERNS, checkList, checkMap, checkString, coralMessage, type Pattern, type StringRule } from './validationPrimitives';

/** The model's `EnvironmentArn` pattern, as AWS prints it and as a RegExp (prefix match, like the model). */
export const ENVIRONMENT_ARN_PATTERN: Pattern = {
  text: '^arn:aws(-[a-z]+)?:airflow:[a-z0-9\\-]+:\\d{12}:environment/\\w+',
  re: /^arn:aws(-[a-z]+)?:airflow:[a-z0-9-]+:\d{12}:environment\/\w+/,
};

/** Tag limits from the model: entries per TagResource / UntagResource, key and value lengths. */
export const TAG_LIMITS = { minTags: 1, maxTags: 50, maxTagKeys: 50, keyMax: 128, valueMax: 256 } as const;

const ARN_RULE: StringRule = { max: 1224, pattern: ENVIRONMENT_ARN_PATTERN };
const KEY_RULE: StringRule = { max: TAG_LIMITS.keyMax, pattern: MWAA_PATTERNS.tag };
const VALUE_RULE: StringRule = { max: TAG_LIMITS.valueMax, pattern: MWAA_PATTERNS.tag };

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/** The problem with an environment ARN (TagResource's `ResourceArn` and the others'), or `null`. */
export function validateEnvironmentArn(arn: string): string | null {
  if (typeof arn !== 'string') return coralMessage('resourceArn', arn, 'Member must not be null');
  return checkString('resourceArn', arn, ARN_RULE);
}

/** The problem with TagResource's `Tags` (1-50 entries, key 1-128, value 1-256, the tag pattern), or `null`. */
export function validateTags(tags: Record<string, string>): string | null {
  if (tags === undefined || tags === null) return coralMessage('tags', null, 'Member must not be null');
  if (!isStringMap(tags)) return coralMessage('tags', tags, 'Member must be a map of strings');
  return checkMap('tags', tags, { min: TAG_LIMITS.minTags, max: TAG_LIMITS.maxTags }, KEY_RULE, VALUE_RULE);
}

/** The problem with UntagResource's `tagKeys` (0-50 keys, each 1-128 with the tag pattern), or `null`. */
export function validateTagKeys(tagKeys: readonly string[]): string | null {
  if (tagKeys === undefined || tagKeys === null) return coralMessage('tagKeys', null, 'Member must not be null');
  if (!Array.isArray(tagKeys)) return coralMessage('tagKeys', tagKeys, 'Member must be a list of strings');
  return checkList('tagKeys', tagKeys, 0, TAG_LIMITS.maxTagKeys, KEY_RULE);
}
