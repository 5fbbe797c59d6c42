import type { Metadata } from "next";
import { BackToDictionary } from "@/components/terminology/back-link";
import { ImportView } from "@/components/terminology/import-view";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/current";
import { IMPORT_MAX_BYTES } from "@/lib/terminology/io";

export const metadata: Metadata = { title: "Import terminology" };
export const dynamic = "force-dynamic";

const COLUMNS: { name: string; what: string }[] = [
  { name: "term", what: "The term (required). A term already in your dictionary is updated." },
  { name: "definition", what: "What it means (required)." },
  { name: "context", what: "technical, business, personal or casual; empty for any." },
  { name: "variants", what: "Other accepted spellings, |-separated." },
  { name: "forbidden_variants", what: "Spellings to avoid, |-separated." },
  { name: "case_sensitive", what: "true/false, yes/no or 1/0 (empty = false)." },
  { name: "language", what: "BCP-47 tag such as en or de-CH; empty for any." },
  { name: "tags", what: "|-separated." },
  { name: "usage_examples", what: "|-separated." },
  { name: "related_terms", what: "Terms of your dictionary (or of the same file), |-separated." },
  { name: "is_public", what: "true/false: others may copy the entry." },
  { name: "pinned", what: "true/false: given to every chat." },
  { name: "notes", what: "Free text for yourself." },
];

export default async function ImportPage() {
  await requireActor();
  return (
    <div className="mx-auto max-w-4xl p-4 sm:p-6">
      <BackToDictionary />
      <PageHeader
        title="Import terminology"
        description="Add or update many entries from a CSV or JSON file. You see what will change, and every bad row with the reason, before anything is written."
      />
      <ImportView maxBytes={IMPORT_MAX_BYTES} />
      <Card className="mt-6 p-5 text-sm">
        <h2 className="text-lg font-semibold">File format</h2>
        <p className="mt-1 text-muted-foreground">
          CSV: UTF-8, comma-separated, with a header row naming the columns below (only term and definition
          are required; other columns may be left out). A file with just two columns, term and definition,
          works without a header too. In list cells, separate items with <code>|</code> (write <code>\|</code>{" "}
          for a literal bar). Row numbers in error reports count the header as row 1, as a spreadsheet does.
        </p>
        <p className="mt-2 text-muted-foreground">
          JSON: an array of entries, or <code>{'{"entries": [...]}'}</code>, with the same fields in camelCase
          (<code>forbiddenVariants</code>, <code>isPublic</code>…) — the format of Export JSON.
        </p>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">CSV columns</caption>
            <thead className="text-xs uppercase text-muted-foreground">
              <tr>
                <th scope="col" className="py-1.5 pr-4">
                  Column
                </th>
                <th scope="col" className="py-1.5">
                  Contents
                </th>
              </tr>
            </thead>
            <tbody>
              {COLUMNS.map((c) => (
                <tr key={c.name} className="border-t align-top">
                  <td className="py-1.5 pr-4 font-mono text-xs">{c.name}</td>
                  <td className="py-1.5">{c.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <pre className="mt-3 overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">
          {
            'term,definition,context,variants,tags\nKubernetes,Container orchestration system,technical,K8s|k8s,infra|ops\nChurn,"Customers lost in a period, as a share",business,,metrics'
          }
        </pre>
      </Card>
    </div>
  );
}
