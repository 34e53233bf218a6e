import { TerraformDataSource, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";

/**
 * A group of resources and data sources of a synthesized module that exists only when an input
 * asks for it: each gets `count` (once, or not at all) or `for_each` (once per key of a map).
 */
export interface ConditionalPart {
  /** Name of the part, for messages. */
  readonly name: string;
  /** The part's members, read when the stack is synthesized. */
  readonly members: () => readonly (TerraformResource | TerraformDataSource)[];
  /** An HCL boolean expression: the part exists when it is true. Exactly one of `when` and `forEach`. */
  readonly when?: string;
  /** An HCL map expression: the part exists once per key (`each.key`, `each.value`). */
  readonly forEach?: string;
  /**
   * The part this one exists only within: a reference from this part to the parent's members
   * indexes them directly (`[0]`, or `[each.key]` when both are repeated over the same keys).
   */
  readonly parent?: ConditionalPart;
  /**
   * What a reference from outside the part to one attribute of a member reads instead, e.g. the
   * created pool's ARN, read as the existing pool's ARN when the pool is not created.
   */
  readonly substitutes?: ReadonlyArray<{
    readonly member: TerraformResource;
    readonly attribute: string;
    readonly expression: string;
  }>;
}

/** `aws_x.name`, or `data.aws_x.name`, of a resource or data source. */
export function addressOf(element: TerraformResource | TerraformDataSource): string {
  const prefix = element instanceof TerraformDataSource ? "data." : "";
  return `${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}`;
}

/** Every resource and data source under `scope` that `keep` accepts (all by default). */
export function elementsUnder(
  scope: IConstruct,
  keep: (element: TerraformResource | TerraformDataSource) => boolean = () => true,
) {
  return scope.node
    .findAll()
    .filter(
      (c): c is TerraformResource | TerraformDataSource =>
        (c instanceof TerraformResource || c instanceof TerraformDataSource) && keep(c),
    );
}

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON, any shape
type Json = Record<string, any>;

/**
 * Applies the parts to a synthesized configuration `tf` (changed in place): each member gets its
 * `count` or `for_each`, and every reference to a member is rewritten so Terraform accepts it:
 * indexed (`[0]`, `[each.key]`) inside the part and its sub-parts, the part's substitute from
 * outside, else `one(<address>[*].<attribute>)` (null when the part is absent). A reference from
 * outside to a repeated part has no single value and is refused, as is a member of two parts.
 */
export function applyConditionalParts(tf: Json, parts: readonly ConditionalPart[]): void {
  const partOf = new Map<string, ConditionalPart>();
  for (const part of parts) {
    if ((part.when === undefined) === (part.forEach === undefined))
      throw new Error(`part ${part.name}: give exactly one of when and forEach`);
    for (const member of part.members()) {
      const address = addressOf(member);
      const other = partOf.get(address);
      // A member of a part and of its sub-part belongs to the sub-part.
      if (other && !isWithin(part, other)) {
        if (isWithin(other, part)) continue;
        throw new Error(`${address} is in parts ${other.name} and ${part.name}`);
      }
      partOf.set(address, part);
    }
  }
  for (const [address, part] of partOf) {
    const block = blockOf(tf, address);
    if (block.count !== undefined || block.for_each !== undefined)
      throw new Error(`${address} already has count or for_each`);
    if (part.when !== undefined) block.count = `\${(${part.when}) ? 1 : 0}`;
    else block.for_each = `\${${part.forEach}}`;
  }

  const substitutes = new Map<string, string>();
  for (const part of parts) {
    for (const { member, attribute, expression } of part.substitutes ?? [])
      substitutes.set(`${addressOf(member)}.${attribute}`, expression);
  }
  const rewrite = (text: string, referrer: ConditionalPart | undefined, useSubstitutes = true) =>
    mapInterpolations(text, (expression) =>
      rewriteReferences(expression, partOf, useSubstitutes ? substitutes : new Map(), referrer),
    );
  for (const [kind, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ] as const) {
    for (const [type, byName] of Object.entries<Json>(tf[kind] ?? {})) {
      for (const [name, block] of Object.entries<Json>(byName)) {
        const referrer = partOf.get(`${prefix}${type}.${name}`);
        byName[name] = mapStrings(block, (text) => rewrite(text, referrer));
      }
    }
  }
  // Locals are where the substitutes are defined: they read the created resources themselves.
  if (tf.locals !== undefined) tf.locals = mapStrings(tf.locals, (text) => rewrite(text, undefined, false));
  if (tf.output !== undefined) tf.output = mapStrings(tf.output, (text) => rewrite(text, undefined));
}

/** Whether `part` is `ancestor` or lies within it. */
function isWithin(part: ConditionalPart | undefined, ancestor: ConditionalPart): boolean {
  for (let p = part; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

function blockOf(tf: Json, address: string): Json {
  const [kind, type, name] = address.startsWith("data.")
    ? ["data", ...address.slice(5).split(".")]
    : ["resource", ...address.split(".")];
  const block = tf[kind]?.[type]?.[name];
  if (!block) throw new Error(`${address} is not in the configuration`);
  return block;
}

const REFERENCE = /(?<![\w.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)*)/g;

function rewriteReferences(
  expression: string,
  partOf: Map<string, ConditionalPart>,
  substitutes: Map<string, string>,
  referrer: ConditionalPart | undefined,
): string {
  return expression.replace(REFERENCE, (whole, address: string, attributes: string, offset: number) => {
    const part = partOf.get(address);
    if (!part || expression[offset + whole.length] === "[") return whole;
    if (isWithin(referrer, part)) return `${address}${part.when !== undefined ? "[0]" : "[each.key]"}${attributes}`;
    const firstAttribute = /^\.[\w-]+/.exec(attributes)?.[0] ?? "";
    const substitute = substitutes.get(`${address}${firstAttribute}`);
    if (substitute !== undefined) return `(${substitute})${attributes.slice(firstAttribute.length)}`;
    if (part.forEach !== undefined || attributes === "") {
      throw new Error(
        `a reference to ${address}${attributes} from outside part ${part.name} needs an index or a substitute`,
      );
    }
    return `one(${address}[*]${attributes})`;
  });
}

/** `value` with every string passed through `map`. */
// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON, any shape
function mapStrings(value: unknown, map: (text: string) => string): any {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, key === "//" ? item : mapStrings(item, map)]),
    );
  return value;
}

/**
 * `text` (a Terraform template) with the expression of each `${...}` interpolation and `%{...}`
 * directive passed through `map`; the escapes `$${` and `%%{` are literal text and stay.
 */
export function mapInterpolations(text: string, map: (expression: string) => string): string {
  let result = "";
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    if ((two === "$$" || two === "%%") && text[i + 2] === "{") {
      result += text.slice(i, i + 3);
      i += 3;
      continue;
    }
    if (two === "${" || two === "%{") {
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}") depth--;
      }
      if (depth > 0) throw new Error(`unclosed interpolation in ${JSON.stringify(text)}`);
      result += `${two}${map(text.slice(i + 2, j - 1))}}`;
      i = j;
      continue;
    }
    result += text[i];
    i++;
  }
  return result;
}

/**
 * Makes the statements of every inline role policy whose `Resource` is `resource` (e.g.
 * `${var.kms_key_arn}`) conditional on `condition`, with a template directive: the policy then
 * holds them only when the condition is true. Policies are rendered as indented JSON (renderPolicy).
 */
export function conditionalStatements(tf: Json, resource: string, condition: string): void {
  for (const policy of Object.values<Json>(tf.resource?.aws_iam_role_policy ?? {})) {
    const document = JSON.parse(policy.policy);
    const kept = document.Statement.filter((statement: Json) => statement.Resource !== resource);
    const optional = document.Statement.filter((statement: Json) => statement.Resource === resource);
    if (optional.length === 0) continue;
    if (kept.length === 0) throw new Error(`a policy would be empty without the statements on ${resource}`);
    const rendered = JSON.stringify({ ...document, Statement: kept }, null, 2);
    const tail = "\n  ]\n}";
    const extra = optional
      .map((statement: Json) => `,\n    ${JSON.stringify(statement, null, 2).replace(/\n/g, "\n    ")}`)
      .join("");
    policy.policy = `${rendered.slice(0, -tail.length)}%{ if ${condition} }${extra}%{ endif }${tail}`;
  }
}
