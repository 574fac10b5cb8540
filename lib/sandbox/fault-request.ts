import { isSandboxApp } from "./accounts";
import { FAULT_LIMITS, SANDBOX_APIS, injectFault, isSandboxApi, type Fault } from "./faults";

// The admin-only HTTP face of fault injection: input checks and error shapes, framework-neutral.

export type FaultHttpResult =
  | { status: 201; json: { fault: Fault } }
  | { status: 400 | 404; json: { error: { code: string; message: string } } };

const bad = (message: string): FaultHttpResult => ({ status: 400, json: { error: { code: "bad_request", message } } });

/** POST /api/sandbox/faults body: {appId, api, errcode, times?, errmsg?}. */
export async function injectFaultFromRequest(body: string): Promise<FaultHttpResult> {
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    return bad("the body must be JSON");
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) return bad("the body must be a JSON object");
  const { appId, api, errcode, times = 1, errmsg } = input as Record<string, unknown>;
  if (typeof appId !== "string" || appId === "") return bad("appId is required");
  if (!isSandboxApi(api)) return bad(`api must be one of ${SANDBOX_APIS.join(", ")}`);
  if (typeof errcode !== "number" || !Number.isSafeInteger(errcode) || errcode === 0)
    return bad("errcode must be a non-zero integer");
  const { min, max } = FAULT_LIMITS.times;
  if (typeof times !== "number" || !Number.isInteger(times) || times < min || times > max) {
    return bad(`times must be an integer from ${min} to ${max}`);
  }
  if (errmsg !== undefined && (typeof errmsg !== "string" || errmsg.length > FAULT_LIMITS.errmsgChars)) {
    return bad(`errmsg must be a string of at most ${FAULT_LIMITS.errmsgChars} characters`);
  }
  if (!(await isSandboxApp(appId))) {
    return { status: 404, json: { error: { code: "not_found", message: `no sandbox account with appId ${appId}` } } };
  }
  return { status: 201, json: { fault: await injectFault(appId, api, errcode, errmsg, times) } };
}
