import { redirect } from "next/navigation";

// The signed-in home is the chat.
export default function Home() {
  redirect("/chat");
}
