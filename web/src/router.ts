/**
 * The page's addresses, in the URL fragment (`#/s/stays/subjects/flat-7`): the server serves one
 * index.html, and fragments never reach the server, so a sign-in link's credential stays in the
 * browser. Parser of untrusted text: ids are the API's ids ([A-Za-z0-9._-]{1,64}); anything else is
 * "not-found".
 */

/** Every page the app has. */
export type Route =
  | { readonly page: "home" }
  | { readonly page: "space"; readonly space: string }
  | { readonly page: "subject"; readonly space: string; readonly subject: string }
  | { readonly page: "reviewing"; readonly space: string }
  | { readonly page: "vouching"; readonly space: string }
  | { readonly page: "my-data"; readonly space: string }
  | { readonly page: "moderation"; readonly space: string }
  | { readonly page: "transparency"; readonly space: string }
  | { readonly page: "log"; readonly space: string; readonly review: string | null }
  | {
      readonly page: "sign-in";
      readonly space: string;
      readonly token: string | null;
      readonly key: string | null;
    }
  | { readonly page: "not-found" };

const ID = /^[A-Za-z0-9._-]{1,64}$/;

const SPACE_PAGES = {
  reviewing: "reviewing",
  vouching: "vouching",
  me: "my-data",
  moderation: "moderation",
  transparency: "transparency",
  log: "log",
  "sign-in": "sign-in",
} as const;

/**
 * The route of a location fragment.
 *
 * @example parseRoute("#/s/stays/subjects/flat-7") // { page: "subject", space: "stays", subject: "flat-7" }
 */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, "");
  if (text.length > 8192) return { page: "not-found" };
  const [pathPart = "", queryPart = ""] = text.split("?", 2);
  const query = new URLSearchParams(queryPart);
  const parts = pathPart.split("/").filter((p) => p !== "");
  if (parts.length === 0) return { page: "home" };
  const [s, space, section, id, ...rest] = parts;
  if (s !== "s" || space === undefined || !ID.test(space) || rest.length > 0) {
    return { page: "not-found" };
  }
  if (section === undefined) return id === undefined ? { page: "space", space } : notFound();
  if (section === "subjects") {
    return id !== undefined && ID.test(id) ? { page: "subject", space, subject: id } : notFound();
  }
  if (id !== undefined || !Object.hasOwn(SPACE_PAGES, section)) return notFound();
  const page = SPACE_PAGES[section as keyof typeof SPACE_PAGES];
  switch (page) {
    case "log": {
      const review = query.get("review");
      return { page, space, review: review !== null && ID.test(review) ? review : null };
    }
    case "sign-in":
      return { page, space, token: query.get("token"), key: query.get("key") };
    default:
      return { page, space };
  }
}

/**
 * The fragment of a route (what links point at).
 *
 * @example hrefOf({ page: "transparency", space: "stays" }) // "#/s/stays/transparency"
 */
export function hrefOf(route: Route): string {
  switch (route.page) {
    case "home":
    case "not-found":
      return "#/";
    case "space":
      return `#/s/${route.space}`;
    case "subject":
      return `#/s/${route.space}/subjects/${route.subject}`;
    case "reviewing":
    case "vouching":
    case "moderation":
    case "transparency":
      return `#/s/${route.space}/${route.page}`;
    case "my-data":
      return `#/s/${route.space}/me`;
    case "log":
      return `#/s/${route.space}/log${route.review === null ? "" : `?review=${route.review}`}`;
    case "sign-in":
      return `#/s/${route.space}/sign-in`;
  }
}

function notFound(): Route {
  return { page: "not-found" };
}
