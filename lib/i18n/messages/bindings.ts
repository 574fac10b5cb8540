import { areaMessages } from "./area";

// Scan-to-follow sign-in (bindings): what the dashboard says of a channel's sign-in code.
export const bindings = areaMessages({
  zh: {
    "bindings.signInCode.note":
      "这是渠道的网页登录码：每次扫码登录（POST /api/bindings）各有一张几分钟有效的临时二维码，由网站显示，本码自己没有图片可打印。扫码者收到的回复（默认“已登录 / signed in”）在“回复”页编辑，扫码计入本渠道。",
  },
  en: {
    "bindings.signInCode.note":
      "This is the channel's sign-in code: every scan-to-follow sign-in (POST /api/bindings) gets its own temporary code, valid a few minutes, which the website shows; this code has no image of its own to print. Edit the reply scanners get (by default “已登录 / signed in”) on the Replies page; their scans count for this channel.",
  },
});
