/** A rating as stars, with the number for assistive technology. */
import { useI18n } from "../i18n/i18n.js";

/** `value` of `max` as filled and empty stars. */
export function Stars({ value, max }: { readonly value: number; readonly max: number }) {
  const { t } = useI18n();
  const full = Math.round(value);
  return (
    <span className="stars">
      <span aria-hidden="true">
        {"★".repeat(Math.max(0, Math.min(max, full)))}
        <span className="stars-empty">{"☆".repeat(Math.max(0, max - full))}</span>
      </span>
      <span className="visually-hidden">{t("review.stars", { value, max })}</span>
    </span>
  );
}
