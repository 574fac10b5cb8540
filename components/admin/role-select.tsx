"use client";
import { Select } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { ROLES } from "@/lib/access/roles";

/** A select offering every role, named in the page's language. */
export function RoleSelect(props: React.SelectHTMLAttributes<HTMLSelectElement>) {
  const t = useT();
  return (
    <Select {...props}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`role.${role}`)}
        </option>
      ))}
    </Select>
  );
}
