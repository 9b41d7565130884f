/**
 * The demo's HTTP client: JSON requests to a Fabrique server with a bearer credential, failing loudly
 * with the problem's detail (the demo goes through the public API only, as an operator's backend would).
 */

/** Sends requests to one server. */
export interface DemoClient {
  post(path: string, token: string, body: unknown): Promise<Record<string, unknown>>;
  get(path: string, token?: string): Promise<Record<string, unknown>>;
}

/**
 * A client of the server at `baseUrl` (no trailing slash).
 *
 * @example const c = demoClient("http://127.0.0.1:8080"); await c.post("/v1/spaces", token, body)
 */
export function demoClient(baseUrl: string): DemoClient {
  async function send(method: string, path: string, token?: string, body?: unknown) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    }
    return (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
  }
  return {
    post: (path, token, body) => send("POST", path, token, body),
    get: (path, token) => send("GET", path, token),
  };
}
