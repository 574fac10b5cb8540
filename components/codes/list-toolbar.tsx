"use client";
import { useEffect, useState } from "react";
import { Button, Select, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { useAccounts, useCampaigns, useChannels } from "./data";
import type { ListQuery } from "./list-query";

type Filters = Omit<ListQuery, "page" | "pageSize">;

function FilterSelect({
  label,
  testId,
  value,
  onChange,
  options,
}: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="w-36">
      <Select aria-label={label} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

const names = (items?: { name: string }[]) =>
  [...new Set(items?.map((i) => i.name))].map((name) => ({ value: name, label: name }));

/** Search (debounced), filters and sort; every change goes back to page 1. */
export function ListToolbar({ query, onChange }: { query: Filters; onChange: (patch: Partial<Filters>) => void }) {
  const t = useT();
  const [q, setQ] = useState(query.q ?? "");
  const accountId = query.accountId ? Number(query.accountId) : undefined;
  const { data: accounts } = useAccounts();
  const { data: campaigns } = useCampaigns(accountId);
  const { data: channels } = useChannels(accountId);

  useEffect(() => {
    if ((query.q ?? "") === q) return;
    const timer = setTimeout(() => onChange({ q }), 300);
    return () => clearTimeout(timer);
  }, [q, query.q, onChange]);

  const filtered = Boolean(
    query.q || query.channel || query.campaign || query.kind || query.status || query.accountId || query.archived,
  );
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2" role="search">
      <div className="w-60">
        <label htmlFor="codes-search" className="sr-only">
          {t("codes.filter.search")}
        </label>
        <TextInput
          id="codes-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t("codes.filter.searchPlaceholder")}
        />
      </div>
      {accounts && accounts.items.length > 1 && (
        <FilterSelect
          label={t("codes.field.account")}
          testId="filter-account"
          value={query.accountId ?? ""}
          onChange={(value) => onChange({ accountId: value, campaign: "", channel: "" })}
          options={[
            { value: "", label: t("codes.filter.allAccounts") },
            ...accounts.items.map((a) => ({ value: String(a.id), label: a.name })),
          ]}
        />
      )}
      <FilterSelect
        label={t("codes.field.campaign")}
        testId="filter-campaign"
        value={query.campaign ?? ""}
        onChange={(campaign) => onChange({ campaign })}
        options={[{ value: "", label: t("codes.filter.allCampaigns") }, ...names(campaigns?.items)]}
      />
      <FilterSelect
        label={t("codes.field.channel")}
        testId="filter-channel"
        value={query.channel ?? ""}
        onChange={(channel) => onChange({ channel })}
        options={[{ value: "", label: t("codes.filter.allChannels") }, ...names(channels?.items)]}
      />
      <FilterSelect
        label={t("codes.field.kind")}
        testId="filter-kind"
        value={query.kind ?? ""}
        onChange={(kind) => onChange({ kind })}
        options={[
          { value: "", label: t("codes.filter.allKinds") },
          { value: "temporary", label: t("codes.kind.temporary") },
          { value: "permanent", label: t("codes.kind.permanent") },
        ]}
      />
      <FilterSelect
        label={t("codes.field.status")}
        testId="filter-status"
        value={query.status ?? ""}
        onChange={(status) => onChange({ status })}
        options={[
          { value: "", label: t("codes.filter.allStatuses") },
          { value: "active", label: t("codes.status.active") },
          { value: "expired", label: t("codes.status.expired") },
        ]}
      />
      <FilterSelect
        label={t("codes.sort.label")}
        testId="sort"
        value={query.sort || "newest"}
        onChange={(sort) => onChange({ sort })}
        options={[
          { value: "newest", label: t("codes.sort.newest") },
          { value: "name", label: t("codes.sort.name") },
          { value: "expiry", label: t("codes.sort.expiry") },
          { value: "scans", label: t("followers.codes.sortScans") },
          { value: "followers", label: t("followers.codes.sortFollowers") },
          { value: "lastScan", label: t("followers.codes.sortLastScan") },
        ]}
      />
      <label className="flex items-center gap-1.5 text-sm text-slate-700">
        <input
          type="checkbox"
          className="h-4 w-4 accent-emerald-600"
          checked={query.archived === "include"}
          onChange={(e) => onChange({ archived: e.target.checked ? "include" : "" })}
          data-testid="show-archived"
        />
        {t("codes.filter.showArchived")}
      </label>
      {filtered && (
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            setQ("");
            onChange({ q: "", channel: "", campaign: "", kind: "", status: "", accountId: "", archived: "" });
          }}
        >
          {t("codes.filter.clear")}
        </Button>
      )}
    </div>
  );
}
