import { Badge, Card } from "@/components/ui/card";
import { formatCount, formatPrice } from "@/components/ui/number-format";
import type { CatalogModelRow } from "@/lib/ai/catalog-admin";
import { ModelActiveSwitch } from "./model-row-actions";
import { PriceDialog } from "./price-dialog";

const th = "px-3 py-3 font-medium";
// Provider and context fold into the model cell on phones, so prices are in view sooner.
const wide = "hidden sm:table-cell";
const num = "px-3 py-3 text-right tabular-nums";
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

function PriceCells({ model }: { model: CatalogModelRow }) {
  const p = model.pricing;
  if (model.type === "video") {
    return (
      <td className={num} colSpan={3}>
        {p.perSecond === undefined ? "—" : `${formatPrice(p.perSecond)} / second`}
      </td>
    );
  }
  return (
    <>
      <td className={num}>{formatPrice(p.input)}</td>
      <td className={num}>{formatPrice(p.output)}</td>
      <td className={num}>{formatPrice(p.cachedInput)}</td>
    </>
  );
}

/** The model catalog with prices per million tokens (per second for video), price editing and on/off. */
export function ModelsTable({ rows, timezone }: { rows: CatalogModelRow[]; timezone: string }) {
  return (
    <Card className="relative overflow-x-auto">
      <table className="w-full whitespace-nowrap text-sm">
        <caption className="sr-only">
          Models in the catalog; prices in USD per million tokens, video models per second of output
        </caption>
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className={th}>
              Model
            </th>
            <th scope="col" className={`${th} ${wide}`}>
              Provider
            </th>
            <th scope="col" className={`${th} ${wide} text-right`}>
              Context
            </th>
            <th scope="col" className={`${th} text-right`}>
              Input
            </th>
            <th scope="col" className={`${th} text-right`}>
              Output
            </th>
            <th scope="col" className={`${th} text-right`}>
              Cached
            </th>
            <th scope="col" className={th}>
              Enabled
            </th>
            <th scope="col" className={`${th} text-right`}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((m) => (
            <tr
              key={m.id}
              data-testid="model-row"
              data-model={m.name}
              className={m.active ? "" : "opacity-70"}
            >
              <th
                scope="row"
                className="min-w-44 whitespace-normal px-3 py-2.5 text-left font-normal sm:whitespace-nowrap"
              >
                <span className="block font-medium">{m.displayName}</span>
                <span className="block text-xs text-muted-foreground">
                  <span className="font-mono">{m.name}</span> · {m.type}
                </span>
                <span className="block text-xs text-muted-foreground sm:hidden">{m.providerName}</span>
                {m.isCustom ? (
                  <span className="mt-1 flex items-center gap-1 text-xs text-muted-foreground">
                    <Badge tone="primary">Custom</Badge>
                    {m.integrationName ? `via ${m.integrationName}` : null}
                  </span>
                ) : null}
              </th>
              <td className={`px-3 py-2.5 ${wide}`}>{m.providerName}</td>
              <td
                className={`${num} ${wide}`}
                title={m.contextWindow ? `${formatCount(m.contextWindow)} tokens` : undefined}
              >
                {m.contextWindow ? compact.format(m.contextWindow) : "—"}
              </td>
              <PriceCells model={m} />
              <td className="px-3 py-2.5">
                <ModelActiveSwitch model={{ id: m.id, name: m.name, active: m.active }} />
              </td>
              <td className="px-3 py-2.5 text-right">
                <PriceDialog
                  model={{
                    id: m.id,
                    name: m.name,
                    displayName: m.displayName,
                    type: m.type,
                    pricing: m.pricing,
                  }}
                  timezone={timezone}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
