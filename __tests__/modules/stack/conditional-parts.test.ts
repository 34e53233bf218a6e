import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { App, TerraformStack } from "cdktf";
import {
  addressOf,
  applyConditionalParts,
  conditionalStatements,
  ConditionalPart,
  mapInterpolations,
} from "../../../modules/stack/private/conditional-parts";

/** A stack of two roles and a policy of each that reads the other's ARN, synthesized to JSON. */
function synthesized(
  parts: (r: { a: IamRole; b: IamRole; pa: IamRolePolicy; pb: IamRolePolicy }) => ConditionalPart[],
) {
  const stack = new TerraformStack(new App({ outdir: "/tmp/conditional-parts-test", stackTraces: false }), "test");
  const a = new IamRole(stack, "a", { name: "a", assumeRolePolicy: "{}" });
  const b = new IamRole(stack, "b", { name: "b", assumeRolePolicy: "{}" });
  const pa = new IamRolePolicy(stack, "pa", { role: a.name, policy: `{"Resource": "${b.arn}/$\${aws:username}"}` });
  const pb = new IamRolePolicy(stack, "pb", { role: b.name, policy: `{"Resource": "${a.arn}"}` });
  const list = parts({ a, b, pa, pb });
  const tf = stack.toTerraform();
  applyConditionalParts(tf, list);
  return { tf, a: addressOf(a), b: addressOf(b) };
}

describe("conditional parts", () => {
  test("give their members count, index references within the part, and read them with one() from outside", () => {
    const { tf } = synthesized(({ b, pb }) => [{ name: "b", when: "var.b", members: () => [b, pb] }]);
    expect(tf.resource.aws_iam_role.b.count).toBe("${(var.b) ? 1 : 0}");
    expect(tf.resource.aws_iam_role_policy.pb.count).toBe("${(var.b) ? 1 : 0}");
    expect(tf.resource.aws_iam_role.a.count).toBeUndefined();
    // Inside the part: the one instance.
    expect(tf.resource.aws_iam_role_policy.pb.role).toBe("${aws_iam_role.b[0].name}");
    // Outside: null when the part is absent; the escaped IAM variable stays literal.
    expect(tf.resource.aws_iam_role_policy.pa.policy).toBe(
      '{"Resource": "${one(aws_iam_role.b[*].arn)}/$${aws:username}"}',
    );
  });

  test("read a member's attribute from outside through the part's substitute", () => {
    const { tf } = synthesized(({ b }) => [
      {
        name: "b",
        when: "var.b",
        members: () => [b],
        substitutes: [{ member: b, attribute: "arn", expression: "local.b_arn" }],
      },
    ]);
    expect(tf.resource.aws_iam_role_policy.pa.policy).toBe('{"Resource": "${(local.b_arn)}/$${aws:username}"}');
  });

  test("index a repeated part with each.key within it and refuse a reference from outside", () => {
    expect(() => synthesized(({ b }) => [{ name: "b", forEach: "var.bs", members: () => [b] }])).toThrow(
      /aws_iam_role\.b\.arn from outside part b/,
    );
    const { tf } = synthesized(({ b, pa, pb }) => {
      const parent: ConditionalPart = { name: "b", forEach: "var.bs", members: () => [b] };
      return [parent, { name: "policies", forEach: "var.bs", parent, members: () => [pa, pb] }];
    });
    expect(tf.resource.aws_iam_role_policy.pb.role).toBe("${aws_iam_role.b[each.key].name}");
    expect(tf.resource.aws_iam_role_policy.pa.policy).toBe(
      '{"Resource": "${aws_iam_role.b[each.key].arn}/$${aws:username}"}',
    );
    expect(tf.resource.aws_iam_role.b.for_each).toBe("${var.bs}");
  });

  test("refuse a member of two unrelated parts", () => {
    expect(() =>
      synthesized(({ b }) => [
        { name: "one", when: "var.x", members: () => [b] },
        { name: "two", when: "var.y", members: () => [b] },
      ]),
    ).toThrow(/aws_iam_role\.b is in parts one and two/);
  });

  test("rewrite expressions only, never literal text or escapes", () => {
    expect(mapInterpolations("a ${x} $${y} %{ if z }b%{ endif } %%{w}", (e) => `[${e}]`)).toBe(
      "a ${[x]} $${y} %{[ if z ]}b%{[ endif ]} %%{w}",
    );
  });

  test("make the statements on one resource conditional with a template directive", () => {
    const policy = JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          { Sid: "A", Resource: "x" },
          { Sid: "K", Resource: "${var.k}" },
        ],
      },
      null,
      2,
    );
    const tf = { resource: { aws_iam_role_policy: { p: { policy } } } };
    conditionalStatements(tf, "${var.k}", "var.k != null");
    const text = tf.resource.aws_iam_role_policy.p.policy;
    expect(text).toContain('%{ if var.k != null },\n    {\n      "Sid": "K"');
    // What Terraform renders either way is the JSON of the policy with or without the statement.
    const render = (on: boolean) => text.replace(/%\{ if [^}]+ \}([\s\S]*?)%\{ endif \}/, on ? "$1" : "");
    expect(JSON.parse(render(false)).Statement.map((s: any) => s.Sid)).toEqual(["A"]);
    expect(JSON.parse(render(true)).Statement.map((s: any) => s.Sid)).toEqual(["A", "K"]);
  });
});
