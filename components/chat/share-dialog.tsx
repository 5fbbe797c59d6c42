"use client";

import { Link2, Share2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { api } from "./api";
import { copyText } from "./copy";

/** Creates, shows and revokes the read-only link to a conversation. */
export function ShareButton({
  conversationId,
  shareToken,
  onChange,
}: {
  conversationId: string;
  shareToken: string | null;
  onChange: (token: string | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const url =
    shareToken && typeof window !== "undefined" ? `${window.location.origin}/share/${shareToken}` : null;

  const run = async (fn: () => Promise<void>) => {
    setPending(true);
    try {
      await fn();
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button variant="outline" size="sm" onClick={() => setOpen(true)} aria-haspopup="dialog">
        <Share2 aria-hidden="true" className="h-4 w-4" />
        <span className="max-sm:sr-only">{shareToken ? "Shared" : "Share"}</span>
      </Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Share conversation"
        description="Anyone with the link can read this conversation. They cannot continue it or see who you are."
      >
        {url ? (
          <div className="space-y-3">
            <label htmlFor="share-url" className="block text-sm font-medium">
              Share link
            </label>
            <div className="flex gap-2">
              <Input id="share-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
              <Button variant="outline" onClick={() => copyText(url, "Link copied")}>
                Copy
              </Button>
            </div>
            <div className="flex justify-between gap-2 pt-2">
              <Button
                variant="danger"
                size="sm"
                disabled={pending}
                onClick={() =>
                  run(async () => {
                    await api(`/api/conversations/${conversationId}/share`, { method: "DELETE" });
                    onChange(null);
                    toast.success("Link revoked: it no longer works");
                  })
                }
              >
                Revoke link
              </Button>
              <Button variant="outline" size="sm" asChild>
                <a href={url} target="_blank" rel="noreferrer">
                  Open
                </a>
              </Button>
            </div>
          </div>
        ) : (
          <Button
            disabled={pending}
            onClick={() =>
              run(async () => {
                const res = await api<{ token: string }>(`/api/conversations/${conversationId}/share`, {
                  method: "POST",
                });
                onChange(res.token);
                toast.success("Share link created");
              })
            }
          >
            <Link2 aria-hidden="true" className="h-4 w-4" /> {pending ? "Creating…" : "Create link"}
          </Button>
        )}
      </Modal>
    </>
  );
}
