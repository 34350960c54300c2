/**
 * XML answers for the query protocols (IAM's awsQuery, EC2's ec2Query), built from plain objects
 * by fast-xml-parser: element order follows key order, text is escaped, `undefined` members and
 * empty lists are left out, and a list repeats its element (`{ member: ['a', 'b'] }`).
 */
import { XMLBuilder } from 'fast-xml-parser';

/** What an element may hold: text, a number or boolean (written as text), child elements, or a repeated element. */
export type XmlValue = string | number | boolean | undefined | XmlNode | XmlValue[];

/** Child elements by name, in document order. */
export interface XmlNode {
  [element: string]: XmlValue;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/** A whole document: the XML declaration, then `<root xmlns="namespace">content</root>` (no namespace when `undefined`). */
export function xmlDocument(root: string, namespace: string | undefined, content: XmlNode): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: namespace === undefined ? content : { '@_xmlns': namespace, ...content },
  });
}

/** A list as the query protocols write it: each item in its own `item` (EC2) or `member` (IAM) element; nothing for an empty list. */
export function xmlList(element: 'item' | 'member', values: readonly XmlValue[]): XmlNode | undefined {
  return values.length === 0 ? undefined : { [element]: [...values] };
}
