import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { csvStreamResponse } from "@/lib/api/csv";
import { followersCsv } from "@/lib/api/followers-csv";
import { getLocale } from "@/lib/i18n/server";
import { encodeCursor, FOLLOWER_SCOPES, followersQuery } from "@/lib/validation/followers";
import { findFollowerScope, listFollowers, streamFollowers } from "@/lib/db/followers";

/** The followers a code, channel or campaign brought: a page as JSON, or all of them as a streamed CSV. */
export const GET = withApi("stats:read", async ({ request }) => {
  const query = readQuery(request, followersQuery);
  const kind = FOLLOWER_SCOPES.find((key) => query[key] !== undefined)!;
  const scope = await findFollowerScope({ kind, id: query[kind]! });
  const following = query.status === "following";
  if (query.format === "csv") {
    const { header, row } = followersCsv(query.lang ?? (await getLocale()), scope);
    async function* pages() {
      for await (const rows of streamFollowers({ scope, following })) yield rows.map(row);
    }
    return csvStreamResponse(`qudao-followers-${kind.replace("Id", "")}-${scope.id}.csv`, header, pages());
  }
  const page = await listFollowers({ scope, following, after: query.after, pageSize: query.pageSize });
  return json({ ...page, next: page.next && encodeCursor(page.next) });
});
