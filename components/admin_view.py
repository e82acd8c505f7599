"""The import page: a password, a file, a check that lists every problem, then the import; kept versions."""

from __future__ import annotations

import hmac
import math
import os

import streamlit as st

from components.data import get_areas, get_settings, get_storage
from components.i18n import t
from geo.escape import escape_markdown
from geo.ingest import KINDS, MAX_BYTES, IngestError, IngestReport, LockTimeoutError, ingest, restore
from geo.storage import StoreUnavailableError
from web.attempts import sign_in_limiter
from web.clients import client_key, server_rewrites_peer

UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "geojson", "json", "gpkg", "zip"]
HISTORY_SHOWN = 10


def password_ok(given: str, expected: str | None) -> bool:
    """Return True when ``given`` is the configured password (constant-time; never with none configured)."""
    return bool(expected) and hmac.compare_digest(given.encode(), str(expected).encode())


def _client() -> str:
    """Return the limiter's key of this browser: its address, believing X-Forwarded-For only from trusted proxies."""
    return client_key(
        st.context.ip_address,
        st.context.headers.get_all("X-Forwarded-For"),
        get_settings().trusted_proxies,
        server_rewrites=server_rewrites_peer(os.environ),
    )


def _locked(wait_s: float, lang: str) -> None:
    st.error(t("admin_locked", lang, minutes=math.ceil(wait_s / 60)), icon=":material/lock_clock:")


def _sign_in(lang: str, expected: str) -> None:
    limiter, client = sign_in_limiter(), _client()
    with st.form("admin_login"):
        given = st.text_input(t("admin_password", lang), type="password", key="admin_password_input")
        if not st.form_submit_button(t("admin_login", lang), icon=":material/login:"):
            return
        if wait := limiter.wait_s(client):
            _locked(wait, lang)  # not even checked: a guess during a lockout tells nothing
        elif password_ok(given, expected):
            limiter.succeeded(client)
            st.session_state["admin_ok"] = True
            st.rerun()
        elif wait := limiter.failed(client):
            _locked(wait, lang)
        else:
            st.error(t("admin_wrong_password", lang))


def _ingest(kind: str, raw: bytes, name: str, replace: bool, *, dry_run: bool) -> IngestReport:
    """Run :func:`geo.ingest.ingest` on the store (folder or database), with the areas the map shows and who imports."""
    return ingest(
        kind,
        raw,
        name,
        get_storage(),
        dry_run=dry_run,
        replace=replace,
        imported_by=f"admin page ({_client()})",
        areas=get_areas(),
    )


def _import(kind: str, raw: bytes, name: str, replace: bool, lang: str) -> None:
    """Run the import (button callback) and keep its outcome for the next run."""
    try:
        report = _ingest(kind, raw, name, replace, dry_run=False)
    except IngestError as exc:
        st.session_state["admin_outcome"] = ("problems", exc.problems)
    except LockTimeoutError:
        st.session_state["admin_outcome"] = ("busy", t("admin_busy", lang))
    else:
        summary = escape_markdown(report.summary())
        st.session_state["admin_outcome"] = ("imported", t("admin_imported", lang, summary=summary))
        # a new uploader key empties it: the page does not re-check (and offer again) what it just wrote
        st.session_state["admin_upload_round"] = st.session_state.get("admin_upload_round", 0) + 1


def _restore(version: str, lang: str) -> None:
    """Put a kept version back (button callback) and keep the outcome for the next run."""
    try:
        files = restore(get_storage(), version)
    except IngestError as exc:
        st.session_state["admin_outcome"] = ("problems", exc.problems)
    except LockTimeoutError:
        st.session_state["admin_outcome"] = ("busy", t("admin_busy", lang))
    else:
        st.session_state["admin_outcome"] = ("imported", t("admin_restored", lang, files=", ".join(files)))


def _show_problems(problems: list[str], lang: str) -> None:
    st.error(t("admin_problems", lang, n=len(problems)), icon=":material/error:")
    st.dataframe({"#": list(range(1, len(problems) + 1)), "problem": problems}, hide_index=True)


def _outcome(lang: str) -> None:
    kind, value = st.session_state.pop("admin_outcome", (None, None))
    if kind == "problems":
        _show_problems(value, lang)
    elif kind == "busy":
        st.warning(value, icon=":material/hourglass_top:")
    elif kind == "imported":
        st.success(value, icon=":material/check_circle:")


def _check_and_offer(lang: str) -> None:
    kind = st.segmented_control(
        t("admin_kind", lang),
        options=list(KINDS),
        format_func=lambda k: t(f"admin_kind_{k}", lang),
        default="enterprises",
        required=True,
        key="admin_kind",
    )
    replace = st.toggle(t("admin_replace", lang), key="admin_replace")
    upload = st.file_uploader(
        t("admin_file", lang),
        type=UPLOAD_TYPES,
        help=t("admin_file_help", lang, mb=MAX_BYTES // 2**20),
        key=f"admin_file_{st.session_state.get('admin_upload_round', 0)}",
    )
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        report = _ingest(kind, raw, upload.name, replace, dry_run=True)
    except IngestError as exc:
        _show_problems(exc.problems, lang)
        return
    except LockTimeoutError:
        st.warning(t("admin_busy", lang), icon=":material/hourglass_top:")
        return
    rows, added, updated = report.rows, len(report.added), len(report.updated)
    st.info(t("admin_check_ok", lang, rows=rows, added=added, updated=updated), icon=":material/fact_check:")
    for line in (*report.notes, *report.warnings):
        st.caption(escape_markdown(line))
    _placed(report, lang)
    st.button(
        t("admin_import", lang),
        type="primary",
        icon=":material/upload:",
        key="admin_do_import",
        on_click=_import,
        args=(kind, raw, upload.name, replace, lang),
    )


def _placed(report: IngestReport, lang: str) -> None:
    """Show the areas rows were given by their coordinates: a written area (所属区域) overrides them."""
    if not report.placed:
        return
    st.caption(t("admin_placed", lang, n=len(report.placed)))
    lines, names, ids, area_names = zip(*report.placed, strict=True)
    st.dataframe(
        {t("admin_col_row", lang): lines, t("col_name", lang): names, t("col_area", lang): area_names, "id": ids},
        hide_index=True,
    )


def _history(lang: str) -> None:
    st.subheader(t("admin_history", lang), anchor=False)
    try:
        kept = get_storage().versions()[:HISTORY_SHOWN]
    except StoreUnavailableError:  # the database is down: the banner says so; nothing to restore from
        kept = []
    if not kept:
        st.caption(t("admin_no_history", lang))
    for version in kept:
        left, right = st.columns([3, 1], vertical_alignment="center")
        files = ", ".join(version.files)
        left.markdown(f"`{version.name}` · {files}")
        right.button(
            t("admin_restore", lang), key=f"restore_{version.name}", on_click=_restore, args=(version.name, lang)
        )


def render_admin(lang: str) -> None:
    """Draw the import page: closed without a configured password, else sign-in, then import and history."""
    st.header(t("page_admin", lang), anchor=False)
    expected = get_settings().admin_password
    if not expected:
        st.info(t("admin_closed", lang), icon=":material/lock:")
        return
    if not st.session_state.get("admin_ok"):
        _sign_in(lang, expected)
        return
    st.caption(t("admin_intro", lang))
    st.button(t("admin_logout", lang), key="admin_logout", on_click=st.session_state.pop, args=("admin_ok", None))
    _outcome(lang)
    _check_and_offer(lang)
    _history(lang)
