import { asArray, resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

const VERIFICATION_FLAGS = ["email_verified", "phone_number_verified"];

/**
 * No tool checks this. Without `write_attributes` Cognito lets users write every standard attribute,
 * `email_verified` included, which account linking and any rule on the address trust. A client
 * that offers an identity provider may have to keep a flag the provider maps writable.
 */
export const clientWriteAttributes: Rule = {
  id: "CUP_007",
  aliases: [],
  severity: "H",
  title: "App clients name the attributes users may write, without verification flags no identity provider maps",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_user_pool_client").flatMap(([address, client]) => {
      const writable = asArray<string>(client.write_attributes);
      if (writable.length === 0) {
        return [
          {
            address,
            message: "write_attributes is unset, so users may write every standard attribute, email_verified included",
          },
        ];
      }
      const federated = asArray<string>(client.supported_identity_providers).some((provider) => provider !== "COGNITO");
      const flags = writable.filter((name) => VERIFICATION_FLAGS.includes(name));
      return flags.length > 0 && !federated
        ? [
            {
              address,
              message: `write_attributes lets users set ${flags.join(" and ")} although no identity provider of the client maps it`,
            },
          ]
        : [];
    }),
};
