/**
 * A space at a glance (public): its name, the rules its policy sets (in its log for anyone to check),
 * and what can be reviewed in it, with links to each subject's page.
 */
import { collect, getSpace, listSubjects } from "../api/space-api.js";
import type { SpaceJson, SubjectJson } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import { hrefOf } from "../router.js";
import { PageTitle } from "../ui/page-title.js";
import { Loaded, Section } from "../ui/parts.js";
import { useLoad } from "../ui/use-load.js";

const MAX_SUBJECTS = 500;

/** The page of `space`. */
export function SpacePage({ space }: { readonly space: string }) {
  const { t } = useI18n();
  const [load] = useLoad(
    async (signal) => {
      const [info, subjects] = await Promise.all([
        getSpace(space, signal),
        collect((cursor) => listSubjects(space, { cursor }, undefined, signal), MAX_SUBJECTS),
      ]);
      return { info, subjects };
    },
    [space],
  );
  return (
    <>
      <PageTitle sub={t("space.lead")}>
        {load.state === "ok" ? load.value.info.name : t("space.title", { space })}
      </PageTitle>
      <Loaded load={load}>
        {({ info, subjects }) => (
          <>
            <PolicySummary info={info} />
            <SubjectList space={space} subjects={subjects.items} complete={subjects.complete} />
          </>
        )}
      </Loaded>
    </>
  );
}

function PolicySummary({ info }: { readonly info: SpaceJson }) {
  const { t, plural, date } = useI18n();
  const p = info.policy;
  return (
    <Section title={t("space.rulesTitle")}>
      <dl className="facts">
        <dt>{t("space.scale")}</dt>
        <dd>{t("space.scaleValue", { min: p.rating.min, max: p.rating.max })}</dd>
        <dt>{t("space.doubleBlind")}</dt>
        <dd>{plural("space.days", p.doubleBlindDays)}</dd>
        <dt>{t("space.unverified")}</dt>
        <dd>{t(`space.unverified.${p.unverified.accept}` as "space.unverified.none")}</dd>
        <dt>{t("space.vouchScopes")}</dt>
        <dd>
          {p.vouching.enabled
            ? p.vouching.scopes.map((s) => s.label).join(", ")
            : t("space.vouchingOff")}
        </dd>
        <dt>{t("space.appealWindow")}</dt>
        <dd>{plural("space.days", p.appealWindowDays)}</dd>
        <dt>{t("space.created")}</dt>
        <dd>
          {date(info.createdAt)} · {t("space.policyVersion", { v: info.policyVersion })}
        </dd>
      </dl>
    </Section>
  );
}

function SubjectList({
  space,
  subjects,
  complete,
}: {
  readonly space: string;
  readonly subjects: readonly SubjectJson[];
  readonly complete: boolean;
}) {
  const { t, plural } = useI18n();
  const things = subjects.filter((s) => s.kind !== "member");
  const members = subjects.length - things.length;
  return (
    <Section title={t("space.subjectsTitle")}>
      {things.length === 0 ? <p>{t("space.noSubjects")}</p> : null}
      <ul className="cards">
        {things.map((s) => (
          <li key={s.subject}>
            <a href={hrefOf({ page: "subject", space, subject: s.subject })}>
              {s.name ?? s.subject}
            </a>
            <span className="muted"> · {t(`kind.${s.kind}` as "kind.listing")}</span>
            {s.removed ? <span className="tag warn">{t("space.removed")}</span> : null}
          </li>
        ))}
      </ul>
      <p className="muted">
        {plural("space.memberSubjects", members)}
        {complete ? "" : ` ${t("space.truncated", { max: MAX_SUBJECTS })}`}
      </p>
    </Section>
  );
}
