import { redirect } from "next/navigation";

// Until chat lands, the signed-in home is the account's settings.
export default function Home() {
  redirect("/settings");
}
