"""How a target's monitoring status is shown: one coloured badge per status, the same in cards, tables and the page."""

from __future__ import annotations

from components.i18n import t
from geo.monitoring import Status

#: Badge colour and Material icon per status (Streamlit's Markdown badge colours).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "met": ("green", "check_circle"),
    "not_met": ("red", "cancel"),
    "due_no_result": ("orange", "help"),
    "not_yet_due": ("blue", "schedule"),
    "no_baseline": ("gray", "remove"),
    "estimate": ("violet", "info"),
}

#: Hex colours for charts, matching the badges.
STATUS_COLORS: dict[str, str] = {
    "met": "#21c354",
    "not_met": "#ff4b4b",
    "due_no_result": "#ffa421",
    "not_yet_due": "#1c83e1",
}


def status_label(status: Status | str, lang: str) -> str:
    """Return the plain-text label of a status (or of ``no_baseline``, ``estimate``) in ``lang``."""
    return t(f"status_{status}", lang)


def status_badge(status: Status | str, lang: str) -> str:
    """Return a status as a Markdown badge (labels come from the locale files: no user text, nothing to escape)."""
    color, icon = STATUS_STYLE[status]
    return f":{color}-badge[:material/{icon}: {status_label(status, lang)}]"
