/** How much a failed rule matters: H (high) fails the check, M (medium) is reported as a warning. */
export type Severity = "H" | "M";

/** One resource of the synthesized configuration, as Terraform JSON. */
export type TerraformResource = Record<string, unknown>;

/** The parts of a synthesized `cdk.tf.json` the rules read. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, TerraformResource>>;
  readonly [key: string]: unknown;
}

/** A resource that breaks a rule. */
export interface Finding {
  /** Terraform address of the resource, `aws_type.logical_name`. */
  readonly address: string;
  /** What is wrong, in a sentence a reviewer can act on. */
  readonly message: string;
}

/** A check over the synthesized configuration: a pure function, no I/O, no provider bindings. */
export interface Rule {
  /** The rule's id: the Checkov/KICS id it mirrors, or `CUP_nnn` for checks no tool has. */
  readonly id: string;
  /** Other tool ids the same rule covers, accepted in suppressions too. */
  readonly aliases: readonly string[];
  readonly severity: Severity;
  /** What a compliant configuration does, in a sentence. */
  readonly title: string;
  readonly check: (tf: TerraformJson) => Finding[];
}

/** A finding accepted on purpose, with the reason written next to it. */
export interface Suppression {
  /** Id (or alias) of the rule. */
  readonly ruleId: string;
  /** Address of the one resource the suppression covers. @default - every resource */
  readonly address?: string;
  /** Why the finding is acceptable; required. */
  readonly reason: string;
}

/** PASS: no finding; FAIL: at least one finding not suppressed; SUPPRESSED: every finding suppressed. */
export type RuleStatus = "PASS" | "FAIL" | "SUPPRESSED";

/** A finding together with the suppression that accepted it. */
export interface SuppressedFinding extends Finding {
  readonly reason: string;
}

/** The outcome of one rule over one configuration. */
export interface RuleResult {
  readonly rule: Rule;
  readonly status: RuleStatus;
  /** Findings that count. */
  readonly findings: Finding[];
  /** Findings accepted by a suppression. */
  readonly suppressed: SuppressedFinding[];
}
