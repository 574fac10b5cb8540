"use client";
import { Field, Select, TextArea, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/messages";
import { CUSTOM_MESSAGE_TYPES, type CustomMessage } from "@/lib/wechat/custom-message";

export type FollowUpErrors = Partial<Record<string, string>>;

const EMPTY: { [K in CustomMessage["type"]]: Extract<CustomMessage, { type: K }> } = {
  text: { type: "text", content: "" },
  image: { type: "image", mediaId: "" },
  news: { type: "news", title: "", url: "" },
  miniprogrampage: { type: "miniprogrampage", title: "", appId: "", pagePath: "", thumbMediaId: "" },
};
export const emptyMessage = (type: CustomMessage["type"]): CustomMessage => ({ ...EMPTY[type] });

/** The fields of each type, in the form's order; `long` ones are a text area. */
const FIELDS: Record<CustomMessage["type"], { name: string; long?: boolean; optional?: boolean }[]> = {
  text: [{ name: "content", long: true }],
  image: [{ name: "mediaId" }],
  news: [
    { name: "title" },
    { name: "url" },
    { name: "description", long: true, optional: true },
    { name: "picUrl", optional: true },
  ],
  miniprogrampage: [{ name: "title" }, { name: "appId" }, { name: "pagePath" }, { name: "thumbMediaId" }],
};

/** One follow-up message's type and fields; `errors` by field name, as the shared schema names them. */
export function FollowUpFields({
  id,
  message,
  errors,
  onChange,
}: {
  id: string;
  message: CustomMessage;
  errors: FollowUpErrors;
  onChange: (message: CustomMessage) => void;
}) {
  const t = useT();
  const values = message as Record<string, string | undefined>;
  return (
    <div className="space-y-3">
      <Field id={`${id}-type`} label={t("followUps.type")}>
        <Select
          id={`${id}-type`}
          value={message.type}
          onChange={(e) => onChange(emptyMessage(e.target.value as CustomMessage["type"]))}
          data-testid="follow-up-type"
        >
          {CUSTOM_MESSAGE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`followUps.type.${type}`)}
            </option>
          ))}
        </Select>
      </Field>
      {FIELDS[message.type].map(({ name, long, optional }) => {
        const fieldId = `${id}-${name}`;
        const error = errors[name];
        const props = {
          id: fieldId,
          value: values[name] ?? "",
          "aria-invalid": Boolean(error),
          "aria-describedby": error ? `${fieldId}-error` : undefined,
          "data-testid": `follow-up-${name}`,
          className: name === "mediaId" || name === "thumbMediaId" || name === "appId" ? "font-mono" : undefined,
        };
        const set = (value: string) => {
          const next = { ...values, [name]: value };
          if (optional && value === "") delete next[name];
          onChange(next as CustomMessage);
        };
        return (
          <Field key={name} id={fieldId} label={t(`followUps.field.${name}` as MessageKey)} error={error}>
            {long ? (
              <TextArea {...props} rows={3} onChange={(e) => set(e.target.value)} />
            ) : (
              <TextInput {...props} onChange={(e) => set(e.target.value)} />
            )}
          </Field>
        );
      })}
    </div>
  );
}
