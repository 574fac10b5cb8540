"use client";
import { Select } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { ROLES, USER_ROLES } from "@/lib/access/roles";

/** A select offering every role a user may have (`forTokens`: every role), named in the page's language. */
export function RoleSelect({
  forTokens = false,
  ...props
}: React.SelectHTMLAttributes<HTMLSelectElement> & { forTokens?: boolean }) {
  const t = useT();
  return (
    <Select {...props}>
      {(forTokens ? ROLES : USER_ROLES).map((role) => (
        <option key={role} value={role}>
          {t(`role.${role}`)}
        </option>
      ))}
    </Select>
  );
}
