"use client";
import { sendJson, useApi } from "@/lib/client/api";
import type { ForwardEndpointView, NewForwardEndpointView } from "@/lib/db/forward-endpoints";
import type { DeliveryLogEntry } from "@/lib/db/forward-deliveries";
import type { CreateEndpointInput, UpdateEndpointInput } from "@/lib/validation/forwarding";

// The forwarding page's reads and writes, in one place.

const BASE = "/api/forwarding/endpoints";

export const useEndpoints = () => useApi<{ items: ForwardEndpointView[] }>(BASE);
export const useDeliveries = (endpointId: number) =>
  useApi<{ items: DeliveryLogEntry[] }>(`${BASE}/${endpointId}/deliveries`, { refreshInterval: 3_000 });

export const createEndpoint = (input: Partial<CreateEndpointInput>) => sendJson<NewForwardEndpointView>(BASE, "POST", input);
export const updateEndpoint = (id: number, patch: UpdateEndpointInput) =>
  sendJson<ForwardEndpointView>(`${BASE}/${id}`, "PATCH", patch);
export const deleteEndpoint = (id: number) => sendJson<ForwardEndpointView>(`${BASE}/${id}`, "DELETE");
export const sendTestEvent = (id: number) => sendJson<{ id: string }>(`${BASE}/${id}/test`, "POST");
