"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Field, Select, TextArea, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { useAccounts, useCampaigns, useChannels } from "./data";
import { ValidityField } from "./validity-field";
import type { Validity } from "./format";

export type SharedValues = { accountId: string; campaign: string; validity: Validity; reply: string };
export type SharedErrors = Partial<Record<"accountId" | "campaign" | "expireSeconds" | "reply", string>>;

export const EMPTY_SHARED = (validity: Validity): SharedValues => ({ accountId: "", campaign: "", validity, reply: "" });

/** The parts of a create body both forms share, as fields. */
export function sharedBody(values: SharedValues) {
  return {
    ...(values.accountId ? { accountId: Number(values.accountId) } : {}),
    ...(values.campaign.trim() ? { campaign: values.campaign } : {}),
    ...(values.reply.trim() ? { reply: { type: "text" as const, content: values.reply } } : {}),
  };
}

export function AccountField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const t = useT();
  const { data } = useAccounts();
  if (!data || data.items.length < 2) return null;
  return (
    <Field id="accountId" label={t("codes.field.account")}>
      <Select id="accountId" value={value || String(data.items[0].id)} onChange={(e) => onChange(e.target.value)}>
        {data.items.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.appId})
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** Existing channel names to pick from; any new name creates the channel. */
export function ChannelOptions({ id, accountId }: { id: string; accountId?: number }) {
  const { data } = useChannels(accountId);
  return (
    <datalist id={id}>
      {[...new Set(data?.items.map((c) => c.name))].map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}

export function CampaignField({
  value,
  onChange,
  error,
  onBlur,
  accountId,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  onBlur?: () => void;
  accountId?: number;
}) {
  const t = useT();
  const { data } = useCampaigns(accountId);
  return (
    <Field id="campaign" label={t("codes.field.campaignOptional")} error={error} hint={t("codes.field.campaignHint")}>
      <TextInput
        id="campaign"
        list="campaign-options"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? "campaign-error" : undefined}
        autoComplete="off"
      />
      <datalist id="campaign-options">
        {[...new Set(data?.items.map((c) => c.name))].map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </Field>
  );
}

export function ReplyField({
  value,
  onChange,
  error,
  onBlur,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  onBlur?: () => void;
}) {
  const t = useT();
  return (
    <Field id="reply" label={t("codes.field.reply")} error={error} hint={t("codes.field.replyHint")}>
      <TextArea
        id="reply"
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? "reply-error" : undefined}
        placeholder={t("codes.field.replyPlaceholder")}
      />
    </Field>
  );
}

export function SharedFields({
  values,
  onChange,
  errors,
  onBlur,
  hideValidity = false,
}: {
  /** A live code's lifetime is not the user's to choose. */
  hideValidity?: boolean;
  values: SharedValues;
  onChange: (patch: Partial<SharedValues>) => void;
  errors: SharedErrors;
  onBlur: (field: keyof SharedErrors) => void;
}) {
  const accountId = values.accountId ? Number(values.accountId) : undefined;
  return (
    <>
      <AccountField value={values.accountId} onChange={(accountId) => onChange({ accountId })} />
      {!hideValidity && (
        <ValidityField
          id="validity"
          value={values.validity}
          onChange={(validity) => onChange({ validity })}
          error={errors.expireSeconds}
          onBlur={() => onBlur("expireSeconds")}
        />
      )}
      <CampaignField
        value={values.campaign}
        onChange={(campaign) => onChange({ campaign })}
        error={errors.campaign}
        onBlur={() => onBlur("campaign")}
        accountId={accountId}
      />
      <ReplyField
        value={values.reply}
        onChange={(reply) => onChange({ reply })}
        error={errors.reply}
        onBlur={() => onBlur("reply")}
      />
    </>
  );
}

/** Single / batch switch above both create forms. */
export function CreateTabs() {
  const t = useT();
  const pathname = usePathname();
  const tabs = [
    { href: "/codes/new", label: t("codes.new.tab") },
    { href: "/codes/batch", label: t("codes.batch.tab") },
  ];
  return (
    <nav className="mb-4 flex gap-1 border-b border-slate-200" aria-label={t("codes.new.tabs")}>
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-emerald-600 text-emerald-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
