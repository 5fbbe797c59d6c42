import {
  Archive,
  Boxes,
  ChartColumn,
  History,
  type LucideIcon,
  MessagesSquare,
  PlugZap,
  Settings,
  SlidersHorizontal,
  Users,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon; adminOnly?: boolean };

/**
 * The product's navigation. An area is listed here only once its page does something real;
 * each later capability adds its own entry.
 */
export const NAV_ITEMS: NavItem[] = [
  { href: "/chat", label: "Chat", icon: MessagesSquare },
  { href: "/usage", label: "Usage", icon: ChartColumn },
  { href: "/settings", label: "Settings", icon: Settings },
];

export const ADMIN_NAV_ITEMS: NavItem[] = [
  { href: "/admin/users", label: "Users", icon: Users, adminOnly: true },
  { href: "/admin/integrations", label: "Integrations", icon: PlugZap, adminOnly: true },
  { href: "/admin/models", label: "Models", icon: Boxes, adminOnly: true },
  { href: "/admin/usage", label: "Usage", icon: ChartColumn, adminOnly: true },
  { href: "/admin/retention", label: "Retention", icon: Archive, adminOnly: true },
  { href: "/admin/settings", label: "Settings", icon: SlidersHorizontal, adminOnly: true },
  { href: "/admin/audit", label: "Audit log", icon: History, adminOnly: true },
];
