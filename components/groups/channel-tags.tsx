"use client";
import { setChannelTags, useChannelTags } from "@/components/codes/follow-ups-data";
import { TagList, TagsEditor } from "@/components/codes/tags-editor";
import { useT } from "@/lib/i18n/client";

// A channel's WeChat tags (渠道标签): every code of the channel gives them to its scanners.

/** Under the channel's name: its tags, if any. */
export function ChannelTagList({ channelId }: { channelId: number }) {
  const { data, error } = useChannelTags(channelId);
  if (error) return <p className="mt-1 text-xs text-rose-600">{error.message}</p>;
  if (!data?.tags.length) return null;
  return (
    <div className="mt-1">
      <TagList tags={data.tags} testId="channel-row-tags" />
    </div>
  );
}

/** The row's "tags" form: saved as one list, then closed. */
export function ChannelTagsForm({ channelId, name, onDone }: { channelId: number; name: string; onDone: () => void }) {
  const t = useT();
  const { data, mutate } = useChannelTags(channelId);
  if (!data) return null;
  return (
    <div className="w-96 max-w-full">
      <TagsEditor
        id={`channel-tags-${channelId}`}
        label={t("tags.ofChannel", { name })}
        tags={data.tags}
        onSave={async (tags) => mutate(await setChannelTags(channelId, tags), { revalidate: false })}
        onDone={onDone}
      />
    </div>
  );
}
