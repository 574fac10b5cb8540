"use client";
import { Card, EmptyState, ErrorState, Loading } from "@/components/ui";

/** From `useApi` for the list being read. */
type ListQuery = { isLoading: boolean; error?: Error; mutate: () => unknown };

/**
 * An admin page's list as read from the API: loading, then an error with retry, the empty state,
 * or a table of `columns` (plus an unlabelled actions column) with the caller's rows.
 */
export function AdminList({
  query,
  count,
  empty,
  testId,
  columns,
  actionsLabel,
  children,
}: {
  query: ListQuery;
  count: number;
  empty: { title: string; hint?: string; action?: React.ReactNode };
  testId: string;
  columns: React.ReactNode[];
  actionsLabel: string;
  children: React.ReactNode;
}) {
  if (query.isLoading) return <Loading />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => query.mutate()} />;
  if (count === 0) return <EmptyState title={empty.title} hint={empty.hint} action={empty.action} />;
  return (
    <Card className="relative overflow-x-auto p-0">
      <table className="w-full min-w-[900px] text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a table's columns are fixed; their place is who they are
              <th key={i} scope="col" className="px-4 py-2 font-medium">
                {column}
              </th>
            ))}
            <th scope="col" className="px-4 py-2 font-medium">
              <span className="sr-only">{actionsLabel}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </Card>
  );
}
