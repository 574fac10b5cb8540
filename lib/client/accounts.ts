"use client";
import type { SWRConfiguration } from "swr";
import { type ApiError, useApi } from "./api";
import type { AccountList } from "@/lib/db/accounts";

/** The official accounts (secrets masked): every area of the dashboard starts from them. */
export const useAccounts = (config?: SWRConfiguration<AccountList, ApiError>) => useApi<AccountList>("/api/accounts", config);
