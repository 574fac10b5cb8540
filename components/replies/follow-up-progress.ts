"use client";
import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import type { Delivery } from "@/lib/db/follow-ups";
import type { CustomMessage } from "@/lib/wechat";
import type { FollowUpBubble } from "./phone-preview";

/** What a test scan answers about the messages after its reply (lib/scans/test-scan.ts). */
export type FollowUpFacts = { followUps?: CustomMessage[]; eventId?: string | null };

const POLL_MS = 1000;
const GIVE_UP_MS = 30_000;

/** Each message's bubble from the deliveries so far (positions count from 1); past the deadline, what is not done is unconfirmed. */
export function followUpBubbles(messages: CustomMessage[], deliveries: Delivery[] | null, timedOut: boolean): FollowUpBubble[] {
  return messages.map((message, i) => {
    if (!deliveries) return { message, status: "untracked" };
    const delivery = deliveries.find((d) => d.position === i + 1);
    if (delivery) return { message, status: delivery.status, errcode: delivery.errcode, errmsg: delivery.errmsg };
    return { message, status: timedOut ? "unconfirmed" : "sending" };
  });
}

/**
 * Follows a test scan's follow-up messages as the job queue sends them: GET /api/events/{id}/follow-ups
 * every second until each is sent or failed, or 30 s have passed. Without an event there is nothing to follow.
 */
export function useFollowUpProgress(facts: FollowUpFacts | undefined): FollowUpBubble[] {
  const messages = facts?.followUps ?? [];
  const eventId = facts?.eventId ?? null;
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [timedOut, setTimedOut] = useState(false);

  useEffect(() => {
    setDeliveries([]);
    setTimedOut(false);
    if (!eventId || messages.length === 0) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const poll = async () => {
      try {
        const { deliveries: now } = await apiFetch<{ deliveries: Delivery[] }>(`/api/events/${eventId}/follow-ups`);
        if (stopped) return;
        setDeliveries(now);
        if (now.length >= messages.length) return;
      } catch {
        // a failed look is tried again on the next tick
      }
      if (stopped) return;
      if (Date.now() - started >= GIVE_UP_MS) setTimedOut(true);
      else timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [eventId, messages.length]);

  return followUpBubbles(messages, eventId ? deliveries : null, timedOut);
}
