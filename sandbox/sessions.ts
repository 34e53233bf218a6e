import { randomBytes } from "node:crypto";
import type { RoleUse } from "./iam/access-model";

/**
 * The sandbox's own inspection access, standing for an administrator of the account: the IAM gate checks its
 * signature but no policy. Tests and the bench use it to arrange and inspect the bucket; nothing hands it to a browser.
 */
export const ADMIN = "admin";

/** Temporary credentials of one role session, as STS issues them. */
export interface Session {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  /** The role the session acts as. */
  readonly role: RoleUse | typeof ADMIN;
  /** The session's name, the last part of its assumed-role ARN. */
  readonly sessionName: string;
  /** Session (principal) tags. */
  readonly tags: Readonly<Record<string, string>>;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The role sessions the sandbox has issued, by access key id; what the IAM gate checks signatures against. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  /** Issues credentials for `role` valid for `seconds` (STS's one hour by default). */
  issue(role: RoleUse | typeof ADMIN, sessionName: string, tags: Record<string, string> = {}, seconds = 3600): Session {
    const keyId = Array.from(randomBytes(16), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");
    const session: Session = {
      accessKeyId: `ASIA${keyId}`,
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: randomBytes(96).toString("base64"),
      expiration: new Date(Date.now() + seconds * 1000),
      role,
      sessionName,
      tags: { ...tags },
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  get(accessKeyId: string): Session | undefined {
    return this.sessions.get(accessKeyId);
  }
}
