"""Keep Streamlit's legacy ``pages/`` mode off: the project's one patch into Streamlit's internals.

The app routes with ``st.navigation`` and keeps its page scripts in ``pages/``
next to ``app.py``. Streamlit 1.67 (``streamlit/runtime/pages_manager.py``)
treats such a folder as the legacy multipage app ("MPA v1"): the first
``PagesManager`` of the process sets the class attribute
``PagesManager.uses_pages_directory`` to whether ``pages/`` exists beside the
main script, and only a call of ``st.navigation`` sets it back to False. While
it is True the script runner (``runtime/scriptrunner/script_runner.py``) does
not execute the main script but ``_mpa_v1``, which runs the page the URL names
on its own. So the first visitor of a fresh server who opens a shared link such
as ``/map?area=jiangjin`` gets ``pages/map.py`` alone, without ``app.py``'s
frame, sidebar and URL handling, and so does everyone after them until someone
opens ``/``. ``AppTest`` resets the attribute to None before every run, so
every AppTest run of a page URL does the same.

No public setting changes this: ``client.showSidebarNavigation`` only hides the
legacy menu, ``st.navigation`` acts only once the main script runs, and
``st.App`` takes no option for it. Renaming ``pages/`` is not an option for the
product. Hence :func:`keep_legacy_pages_mode_off`, used by ``serve.py``'s
start-up hook and by the AppTest fixture (``tests/app/conftest.py``).
``tests/unit/test_legacy_pages.py`` fails when a Streamlit upgrade changes the
behaviour (fixed upstream: delete this module; renamed: adapt it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_MARK = "_cq_keeps_legacy_pages_mode_off"


def keep_legacy_pages_mode_off() -> Callable[[], None]:
    """Make every ``PagesManager`` created from now on leave the legacy ``pages/`` mode off.

    Idempotent: a second call changes nothing.

    Returns
    -------
    callable
        Undoes the change (tests); a no-op when this call changed nothing.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__
    if getattr(original, _MARK, False):
        return lambda: None
    before = PagesManager.uses_pages_directory

    @functools.wraps(original)
    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False  # as st.navigation sets it, before the first run can see True

    setattr(init, _MARK, True)
    PagesManager.__init__ = init  # type: ignore[method-assign]
    PagesManager.uses_pages_directory = False

    def undo() -> None:
        PagesManager.__init__ = original  # type: ignore[method-assign]
        PagesManager.uses_pages_directory = before

    return undo
