import type { PlanLimits } from "@/db/schema/accounts";

export type PlanDefinition = {
  slug: "free" | "pro" | "enterprise";
  name: string;
  description: string;
  priceUsd: string;
  features: string[];
  limits: PlanLimits;
  sortOrder: number;
};

/** Default plans; admins edit limits in the app afterwards (the seed never overwrites them). */
export const DEFAULT_PLANS: PlanDefinition[] = [
  {
    slug: "free",
    name: "Free",
    description: "Try Prism with your own provider keys.",
    priceUsd: "0",
    features: ["Compare up to 2 models", "20 requests per minute", "$5 monthly spend cap"],
    limits: { monthlyCredits: 100, maxModelsPerCompare: 2, requestsPerMinute: 20, monthlyCostCapUsd: 5 },
    sortOrder: 0,
  },
  {
    slug: "pro",
    name: "Pro",
    description: "For people who compare models every day.",
    priceUsd: "20",
    features: [
      "Compare up to 4 models",
      "120 requests per minute",
      "$100 monthly spend cap",
      "2,000 credits a month",
    ],
    limits: { monthlyCredits: 2000, maxModelsPerCompare: 4, requestsPerMinute: 120, monthlyCostCapUsd: 100 },
    sortOrder: 1,
  },
  {
    slug: "enterprise",
    name: "Enterprise",
    description: "For teams: the widest compare and the highest limits.",
    priceUsd: "200",
    features: [
      "Compare up to 8 models",
      "600 requests per minute",
      "$1,000 monthly spend cap",
      "10,000 credits a month",
    ],
    limits: {
      monthlyCredits: 10000,
      maxModelsPerCompare: 8,
      requestsPerMinute: 600,
      monthlyCostCapUsd: 1000,
    },
    sortOrder: 2,
  },
];
