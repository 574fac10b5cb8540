"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** This dashboard's origin as the browser sees it (what WeChat must reach); "" while rendering on the server. */
export function useOrigin(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.origin,
    () => "",
  );
}

/** The URL to paste into 服务器配置. */
export const webhookUrl = (origin: string, appId: string) => `${origin}/api/wechat/${appId}`;
