import {
  Activity,
  Archive,
  BookA,
  Bot,
  Boxes,
  ChartColumn,
  Gauge,
  History,
  Lightbulb,
  ListTodo,
  type LucideIcon,
  MessagesSquare,
  PlugZap,
  Receipt,
  Settings,
  ShieldAlert,
  SlidersHorizontal,
  Store,
  TrendingUp,
  Users,
  Wallet,
  Workflow,
  Wrench,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon; adminOnly?: boolean };

/**
 * The product's navigation. An area is listed here only once its page does something real;
 * each later capability adds its own entry.
 */
export const NAV_ITEMS: NavItem[] = [
  { href: "/chat", label: "Chat", icon: MessagesSquare },
  { href: "/marketplace", label: "Marketplace", icon: Store },
  { href: "/templates", label: "Templates", icon: Bot },
  { href: "/workflows", label: "Workflows", icon: Workflow },
  { href: "/terminology", label: "Terminology", icon: BookA },
  { href: "/creator", label: "Creator", icon: TrendingUp },
  { href: "/wallet", label: "Wallet", icon: Wallet },
  { href: "/usage", label: "Usage", icon: ChartColumn },
  { href: "/insights", label: "Insights", icon: Lightbulb },
  { href: "/tasks", label: "Tasks", icon: ListTodo },
  { href: "/settings", label: "Settings", icon: Settings },
];

export const ADMIN_NAV_ITEMS: NavItem[] = [
  { href: "/admin/users", label: "Users", icon: Users, adminOnly: true },
  { href: "/admin/plans", label: "Plans", icon: Gauge, adminOnly: true },
  { href: "/admin/integrations", label: "Integrations", icon: PlugZap, adminOnly: true },
  { href: "/admin/models", label: "Models", icon: Boxes, adminOnly: true },
  { href: "/admin/tools", label: "Tools", icon: Wrench, adminOnly: true },
  { href: "/admin/health", label: "Provider health", icon: Activity, adminOnly: true },
  { href: "/admin/usage", label: "Usage", icon: ChartColumn, adminOnly: true },
  { href: "/admin/insights", label: "Insights", icon: Lightbulb, adminOnly: true },
  { href: "/admin/moderation", label: "Moderation", icon: ShieldAlert, adminOnly: true },
  { href: "/admin/purchases", label: "Purchases", icon: Receipt, adminOnly: true },
  { href: "/admin/retention", label: "Retention", icon: Archive, adminOnly: true },
  { href: "/admin/settings", label: "Settings", icon: SlidersHorizontal, adminOnly: true },
  { href: "/admin/audit", label: "Audit log", icon: History, adminOnly: true },
];
