import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { changePassword } from "./password-change";
import { newSessionId, sessionUser } from "./session-rules";
import { authenticate } from "./users";

const STRONG = "violet-anchor-42-quietly-rows";
const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

describe("changing a password", () => {
  it("needs the current password, then ends every session and only the new password works", async () => {
    const { user, password } = await createOwnerWithStore();
    const session = {
      userId: user.id,
      host: "localhost",
      sessionVersion: user.sessionVersion,
      sessionId: newSessionId(),
    };
    expect(await sessionUser(session, "localhost")).not.toBeNull();

    await expect(changePassword(user, { currentPassword: "not it", newPassword: STRONG }, ip())).rejects.toMatchObject({
      code: "wrong_password",
      fieldErrors: { currentPassword: "That is not your current password." },
    });
    await changePassword(user, { currentPassword: password, newPassword: STRONG }, ip());

    expect(await sessionUser(session, "localhost")).toBeNull();
    expect(await authenticate(user.email, password)).toBeNull();
    expect((await authenticate(user.email, STRONG))?.id).toBe(user.id);
  });

  it("refuses a guessable new password with the estimator's advice, and keeps the old one", async () => {
    const { user, password } = await createOwnerWithStore();
    await expect(
      changePassword(user, { currentPassword: password, newPassword: "passwordpassword" }, ip()),
    ).rejects.toMatchObject({ code: "weak_password", fieldErrors: { newPassword: expect.any(String) } });
    const db = await getDb();
    const [after] = await db.select().from(users).where(eq(users.id, user.id));
    expect(after?.passwordHash).toBe(user.passwordHash);
    expect(after?.sessionVersion).toBe(user.sessionVersion);
  });

  it("counts wrong current passwords against the sign-in throttle", async () => {
    const { user, password } = await createOwnerWithStore();
    const from = ip();
    let last: unknown;
    for (let i = 0; i < 10; i++) {
      last = await changePassword(user, { currentPassword: `wrong-${i}`, newPassword: STRONG }, from).catch((e) => e);
    }
    expect(last).toMatchObject({ code: "throttled", status: 429 });
    // During the lockout even the right password is refused.
    await expect(changePassword(user, { currentPassword: password, newPassword: STRONG }, from)).rejects.toMatchObject({
      code: "throttled",
    });
  });
});
