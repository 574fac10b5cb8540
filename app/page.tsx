export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold">Qudao 渠道二维码</h1>
      <p className="mt-3 text-slate-600">
        带参数二维码的创建、扫码回复与渠道统计。Channel QR codes for WeChat Official Accounts: create codes,
        reply on scan, count scans and follows per channel.
      </p>
      <section className="mt-8 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-medium">API</h2>
        <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
          <li>
            <code>POST /api/qrcodes</code>, <code>GET /api/qrcodes</code>, <code>GET /api/qrcodes/&#123;id&#125;/image</code>
          </li>
          <li>
            <code>GET /api/stats?from=YYYY-MM-DD&amp;to=YYYY-MM-DD&amp;groupBy=channel</code>
          </li>
          <li>
            Webhook 服务器地址 / server URL: <code>/api/wechat/&#123;appId&#125;</code>
          </li>
        </ul>
        <p className="mt-3 text-sm text-slate-500">
          API token: <code>npm run cli -- token create --role marketer</code>
        </p>
      </section>
    </main>
  );
}
