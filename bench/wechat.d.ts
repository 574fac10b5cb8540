// node-webot/wechat ships no types; the bench uses it as a connect-style middleware factory.
declare module "wechat" {
  const wechat: (config: Record<string, unknown>, handler: (...args: never[]) => void) => unknown;
  export default wechat;
}
