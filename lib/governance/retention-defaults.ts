/** Seed 004 retention policies: archive/delete after N days per entity. Enforced by the retention job. */
export type RetentionDefault = {
  entity: string;
  archiveAfterDays: number | null;
  deleteAfterDays: number | null;
  enabled: boolean;
  conditions: Record<string, unknown>;
};

export const RETENTION_DEFAULTS: RetentionDefault[] = [
  { entity: "ai_usage_logs", archiveAfterDays: null, deleteAfterDays: 400, enabled: true, conditions: {} },
  { entity: "audit_logs", archiveAfterDays: null, deleteAfterDays: 730, enabled: true, conditions: {} },
  // Soft-deleted conversations are purged for good after 30 days.
  {
    entity: "conversations",
    archiveAfterDays: null,
    deleteAfterDays: 30,
    enabled: true,
    conditions: { onlyDeleted: true },
  },
  { entity: "workflow_runs", archiveAfterDays: null, deleteAfterDays: 90, enabled: true, conditions: {} },
  {
    entity: "webhook_deliveries",
    archiveAfterDays: null,
    deleteAfterDays: 30,
    enabled: true,
    conditions: {},
  },
  {
    entity: "user_sessions",
    archiveAfterDays: null,
    deleteAfterDays: 30,
    enabled: true,
    conditions: { onlyEnded: true },
  },
  { entity: "notifications", archiveAfterDays: null, deleteAfterDays: 90, enabled: true, conditions: {} },
  // Seed 001: failed generations are cleaned up after 30 days.
  {
    entity: "ai_generations",
    archiveAfterDays: null,
    deleteAfterDays: 30,
    enabled: true,
    conditions: { status: "failed" },
  },
];
