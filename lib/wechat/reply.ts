import { cdata } from "./xml";

export type Reply =
  | { type: "text"; content: string }
  | { type: "image"; mediaId: string }
  | { type: "news"; title: string; description?: string; picUrl?: string; url?: string };

/** toUser is the fan's openid, fromUser the account's original id (gh_…), as in the inbound message. */
export type ReplyAddress = { toUser: string; fromUser: string; createTime: number };

function digits(value: number | string, name: string): string {
  const text = String(value);
  if (!/^\d+$/.test(text) || (typeof value === "number" && !Number.isSafeInteger(value))) {
    throw new TypeError(`${name} must be a non-negative integer`);
  }
  return text;
}

function body(reply: Reply): string {
  switch (reply.type) {
    case "text":
      return `<MsgType>${cdata("text")}</MsgType><Content>${cdata(reply.content)}</Content>`;
    case "image":
      return `<MsgType>${cdata("image")}</MsgType><Image><MediaId>${cdata(reply.mediaId)}</MediaId></Image>`;
    case "news":
      // One article: WeChat has refused more than one in passive replies since 2018 (45008).
      return (
        `<MsgType>${cdata("news")}</MsgType><ArticleCount>1</ArticleCount><Articles><item>` +
        `<Title>${cdata(reply.title)}</Title><Description>${cdata(reply.description ?? "")}</Description>` +
        `<PicUrl>${cdata(reply.picUrl ?? "")}</PicUrl><Url>${cdata(reply.url ?? "")}</Url>` +
        `</item></Articles>`
      );
    default:
      throw new TypeError(`unknown reply type ${(reply as { type: unknown }).type}`);
  }
}

/** A passive reply (被动回复) as WeChat documents it. */
export function buildReplyXml(reply: Reply, to: ReplyAddress): string {
  return (
    `<xml><ToUserName>${cdata(to.toUser)}</ToUserName><FromUserName>${cdata(to.fromUser)}</FromUserName>` +
    `<CreateTime>${digits(to.createTime, "createTime")}</CreateTime>${body(reply)}</xml>`
  );
}

/** The envelope that carries an encrypted reply in compatible and safe mode. */
export function buildEncryptedReply(encrypt: string, msgSignature: string, timestamp: string, nonce: string): string {
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(msgSignature)}</MsgSignature>` +
    `<TimeStamp>${digits(timestamp, "timestamp")}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
