import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Qudao 渠道二维码",
  description: "WeChat Official Account channel QR codes",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
