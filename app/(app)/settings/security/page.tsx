import type { Metadata } from "next";
import { PasswordForm, SessionList } from "@/components/settings/security";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { SessionModel } from "@/lib/auth/sessions";
import { describeUserAgent, formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const user = await requireUser();
  const sessions = await new SessionModel(await getDb(), user.id).listActive(user.sessionId);
  return (
    <div className="space-y-6">
      <SessionList
        sessions={sessions.map((s) => ({
          id: s.id,
          ipAddress: s.ipAddress,
          device: describeUserAgent(s.userAgent),
          startedAt: formatDateTime(s.startedAt, user.timezone),
          lastSeenAt: formatDateTime(s.lastSeenAt, user.timezone),
          current: s.current,
        }))}
      />
      <PasswordForm />
    </div>
  );
}
