"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ComponentProps } from "react";
import { signOut } from "next-auth/react";
import { useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/messages";
import { useCan, useViewer } from "@/lib/client/session";
import { LanguageSwitch } from "./language-switch";
import { homePageOf, type Permission } from "@/lib/access/roles";

const LINKS: { href: string; label: MessageKey; permission: Permission }[] = [
  { href: "/codes", label: "nav.codes", permission: "qrcodes:read" },
  { href: "/channels", label: "nav.channels", permission: "qrcodes:read" },
  { href: "/campaigns", label: "nav.campaigns", permission: "qrcodes:read" },
  { href: "/posters", label: "nav.posters", permission: "qrcodes:read" },
  { href: "/replies", label: "nav.replies", permission: "replies:read" },
  { href: "/keywords", label: "nav.keywords", permission: "replies:read" },
  { href: "/stats", label: "nav.stats", permission: "stats:read" },
  { href: "/sandbox", label: "nav.sandbox", permission: "scan:simulate" },
  { href: "/accounts", label: "nav.accounts", permission: "accounts:write" },
  { href: "/users", label: "nav.users", permission: "users:write" },
  { href: "/tokens", label: "nav.tokens", permission: "tokens:write" },
  { href: "/audit", label: "nav.audit", permission: "audit:read" },
  { href: "/jobs", label: "nav.jobs", permission: "jobs:read" },
  { href: "/forwarding", label: "nav.forwarding", permission: "forwarding:read" },
];

/**
 * A link prefetched once the pointer or focus reaches it, not when it scrolls into view: six
 * prefetches at every page load would compete with the page's own data on a small server.
 */
function IntentLink(props: Omit<ComponentProps<typeof Link>, "prefetch">) {
  const [intent, setIntent] = useState(false);
  const reach = () => setIntent(true);
  return <Link {...props} prefetch={intent ? null : false} onMouseEnter={reach} onFocus={reach} onTouchStart={reach} />;
}

function NavLink({ href, label, permission }: (typeof LINKS)[number]) {
  const t = useT();
  const pathname = usePathname();
  const allowed = useCan(permission);
  if (!allowed) return null;
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <IntentLink
      href={href}
      aria-current={active ? "page" : undefined}
      className={`whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-emerald-50 text-emerald-800" : "text-slate-600 hover:bg-slate-100"}`}
    >
      {t(label)}
    </IntentLink>
  );
}

export function Nav() {
  const t = useT();
  const viewer = useViewer();
  const pathname = usePathname();
  // Phones get the links behind a menu button; a navigation closes it again.
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  if (open && openedAt !== pathname) setOpen(false);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-4 py-2">
        <IntentLink href={viewer ? homePageOf(viewer.role) : "/"} className="mr-4 text-lg font-semibold text-emerald-700">
          {t("app.name")}
        </IntentLink>
        <button
          type="button"
          className="ml-auto rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 md:hidden"
          aria-expanded={open}
          aria-controls="main-nav"
          data-testid="menu-button"
          onClick={() => {
            setOpen(!open);
            setOpenedAt(pathname);
          }}
        >
          {t(open ? "nav.close" : "nav.menu")}
        </button>
        <nav
          id="main-nav"
          className={`${open ? "flex" : "hidden"} w-full flex-col gap-1 md:flex md:w-auto md:flex-1 md:flex-row md:flex-wrap`}
          aria-label={t("nav.label")}
          data-testid="main-nav"
        >
          {LINKS.map((link) => (
            <NavLink key={link.href} {...link} />
          ))}
        </nav>
        <div className={`${open ? "flex" : "hidden"} w-full flex-wrap items-center gap-2 md:flex md:w-auto`}>
          <LanguageSwitch />
          {viewer && (
            <span className="text-sm text-slate-500" data-testid="viewer">
              {viewer.name} · {t(`role.${viewer.role}`)}
            </span>
          )}
          <button
            type="button"
            className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
            onClick={() => signOut({ callbackUrl: "/signin" })}
          >
            {t("nav.signOut")}
          </button>
        </div>
      </div>
    </header>
  );
}
