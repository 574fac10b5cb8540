import { test } from "node:test";
import assert from "node:assert/strict";
import { webhookUrlProblem } from "@/lib/wechat/server-config";

test("WeChat can call a public name or address on its default port", () => {
  for (const url of [
    "https://qudao.example.com/api/wechat/wx1",
    "http://qudao.example.com/api/wechat/wx1",
    "https://qudao.example.com:443/api/wechat/wx1",
    "http://203.0.113.7/api/wechat/wx1",
    "https://172.32.0.1/api/wechat/wx1",
  ])
    assert.equal(webhookUrlProblem(url), null, url);
});

test("a loopback, private or local name is one WeChat cannot reach", () => {
  for (const url of [
    "http://127.0.0.1:3000/api/wechat/wx1",
    "http://localhost/api/wechat/wx1",
    "http://10.1.2.3/api/wechat/wx1",
    "http://172.16.0.9/api/wechat/wx1",
    "http://192.168.1.20/api/wechat/wx1",
    "http://[::1]/api/wechat/wx1",
    "http://[fd00::1]/api/wechat/wx1",
    "http://intranet/api/wechat/wx1",
    "http://office.local/api/wechat/wx1",
  ])
    assert.equal(webhookUrlProblem(url), "private", url);
});

test("WeChat uses only port 80 for http and 443 for https", () => {
  assert.equal(webhookUrlProblem("https://qudao.example.com:8443/api/wechat/wx1"), "port");
  assert.equal(webhookUrlProblem("http://qudao.example.com:443/api/wechat/wx1"), "port");
  assert.equal(webhookUrlProblem("ftp://qudao.example.com/api/wechat/wx1"), "scheme");
  assert.equal(webhookUrlProblem("not a url"), "scheme");
});
