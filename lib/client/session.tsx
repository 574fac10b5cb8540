"use client";
import { createContext, useContext } from "react";
import { can, type Permission, type Role } from "@/lib/access/roles";

export type Viewer = { name: string; role: Role };

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: React.ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}

/** Hides what the role cannot do; the server checks every call again. */
export function useCan(permission: Permission): boolean {
  return can(useContext(ViewerContext), permission);
}
