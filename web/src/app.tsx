/**
 * The app: follows the URL fragment (router.ts), holds the language and the space's session, and
 * renders the layout around the page of the current route. After each navigation, focus moves to the
 * page's heading so keyboard and screen-reader users start at the new content (WCAG 2.4.3).
 */
import { useEffect, useState } from "react";
import { I18nProvider } from "./i18n/i18n.js";
import { Layout } from "./layout.js";
import { HomePage } from "./pages/home-page.js";
import { LogExplorerPage } from "./pages/log-explorer-page.js";
import { ModerationPage } from "./pages/moderation-page.js";
import { MyDataPage } from "./pages/my-data-page.js";
import { NotFoundPage } from "./pages/not-found-page.js";
import { ReviewingPage } from "./pages/reviewing-page.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { SpacePage } from "./pages/space-page.js";
import { SubjectPage } from "./pages/subject-page.js";
import { TransparencyPage } from "./pages/transparency-page.js";
import { VouchingPage } from "./pages/vouching-page.js";
import { parseRoute, type Route } from "./router.js";
import { SessionProvider } from "./session/session-context.js";

/** The whole app. */
export function App() {
  const route = useRoute();
  const space = route.page === "home" || route.page === "not-found" ? null : route.space;
  return (
    <I18nProvider>
      <SessionProvider space={space}>
        <Layout route={route}>
          <PageOf route={route} />
        </Layout>
      </SessionProvider>
    </I18nProvider>
  );
}

function PageOf({ route }: { readonly route: Route }) {
  switch (route.page) {
    case "home":
      return <HomePage />;
    case "space":
      return <SpacePage space={route.space} />;
    case "subject":
      return <SubjectPage space={route.space} subject={route.subject} />;
    case "reviewing":
      return <ReviewingPage space={route.space} />;
    case "vouching":
      return <VouchingPage space={route.space} />;
    case "my-data":
      return <MyDataPage space={route.space} />;
    case "moderation":
      return <ModerationPage space={route.space} />;
    case "transparency":
      return <TransparencyPage space={route.space} />;
    case "log":
      return <LogExplorerPage space={route.space} review={route.review} />;
    case "sign-in":
      return <SignInPage space={route.space} token={route.token} apiKey={route.key} />;
    case "not-found":
      return <NotFoundPage />;
  }
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves on each new route
  useEffect(() => {
    document.getElementById("page-title")?.focus({ preventScroll: false });
  }, [route]);
  return route;
}
