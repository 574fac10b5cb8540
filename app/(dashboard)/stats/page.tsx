import { requirePermission } from "@/lib/auth/require";
import { can } from "@/lib/access/roles";
import { getT } from "@/lib/i18n/server";
import { preRead } from "@/lib/api/pre-read";
import { singleParams } from "@/lib/api/search";
import { heatmapAnswer, seriesAnswer, seriesOrLinesAnswer, statsAnswer } from "@/lib/api/stats-answers";
import { listAccounts } from "@/lib/db/accounts";
import { listQrCodesPage } from "@/lib/db/qrcodes";
import { listQrCodesQuery } from "@/lib/validation/qrcodes";
import { heatmapQuery, seriesQuery, statsQuery } from "@/lib/validation/stats";
import { ApiFallback } from "@/lib/client/api-fallback";
import { PageHeader } from "@/components/ui";
import { StatsView } from "@/components/stats/stats-view";
import { parseViewState, viewRequests } from "@/components/stats/view-state";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The view's first numbers come with the page, read here as the API answers them. */
export default async function StatsPage({ searchParams }: { searchParams: SearchParams }) {
  const principal = await requirePermission("stats:read");
  const t = await getT();
  const fallback = await firstAnswers(await searchParams, can(principal, "qrcodes:read"));
  return (
    <>
      <PageHeader title={t("stats.title")} description={t("stats.description")} />
      {/* No Suspense boundary: React would hold the view back (a throttled reveal) although it is in the page. */}
      <ApiFallback fallback={fallback}>
        <StatsView />
      </ApiFallback>
    </>
  );
}

async function firstAnswers(params: Awaited<SearchParams>, readsCodes: boolean): Promise<Record<string, unknown>> {
  const state = parseViewState(new URLSearchParams(singleParams(params)));
  const accounts = await listAccounts();
  const account = accounts.find((a) => a.id === state.accountId) ?? accounts[0];
  if (!account) return {};
  const asked = viewRequests(state, account);
  const answers = await Promise.all([
    readsCodes ? preRead(asked.codes, listQrCodesQuery, listQrCodesPage) : {},
    preRead(asked.stats, statsQuery, statsAnswer),
    preRead(asked.series, seriesQuery, seriesAnswer),
    preRead(asked.heatmap, heatmapQuery, heatmapAnswer),
    asked.lines ? preRead(asked.lines, seriesQuery, seriesOrLinesAnswer) : {},
  ]);
  return Object.assign({}, ...answers);
}
