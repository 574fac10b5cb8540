import { defineConfig } from "prisma/config";

// Used by `prisma generate` and, on connected machines, `prisma migrate deploy`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/qudao" },
});
