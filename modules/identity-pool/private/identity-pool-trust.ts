import { policyDocument, renderPolicy } from "../../private/iam";

const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";

/**
 * The trust policy of a role handed out by an identity pool: only `cognito-identity.amazonaws.com`,
 * only for this pool (`aud`), only for `amr` = `authenticated` (signed-in users) or
 * `unauthenticated` (guests). `sts:TagSession` lets the pool pass the `sub` principal tag.
 */
export function identityPoolTrustPolicy(identityPoolId: string, amr: "authenticated" | "unauthenticated"): string {
  return renderPolicy(
    policyDocument({
      Effect: "Allow",
      Principal: { Federated: COGNITO_IDENTITY },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: {
        StringEquals: { [`${COGNITO_IDENTITY}:aud`]: identityPoolId },
        "ForAnyValue:StringLike": { [`${COGNITO_IDENTITY}:amr`]: amr },
      },
    }),
  );
}
