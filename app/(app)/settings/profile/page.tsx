import type { Metadata } from "next";
import { ProfileForm } from "@/components/settings/profile-form";
import { getDb } from "@/db/client";
import { ProfileModel } from "@/lib/account/profile";
import { requireUser } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const user = await requireUser();
  const profile = await new ProfileModel(await getDb(), user.id).get();
  const timezones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((tz) => tz !== "UTC")];
  return (
    <ProfileForm
      initial={{ name: profile.name, timezone: profile.timezone }}
      email={profile.email}
      role={profile.role}
      timezones={timezones}
    />
  );
}
