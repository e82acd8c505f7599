"""Keep Streamlit's after-every-run garbage collection cheap in a process full of long-lived data.

Streamlit runs ``gc.collect(2)`` after every script run (``runner.postScriptGC``)
so that memory does not creep. A full collection walks every tracked object:
with GeoPandas, Shapely, pandas, folium and the loaded catalog in memory that
took ~150 ms, three times the whole script run, and made every click wait.
After the first run has loaded the long-lived data, :func:`freeze_once`
collects once more and moves everything alive into the collector's permanent
generation (``gc.freeze``): later collections only walk what later runs
create, so the post-run collection stays on and costs a few milliseconds.

What is frozen is never collected. That is the loaded modules and cached data,
which live as long as their data version, plus the handful of objects of the
first session, a fixed one-off cost. When an import changes the data,
:func:`components.data.refresh_if_data_changed` empties the data caches and
calls :func:`unfreeze`: the earlier version becomes collectable again, and the
end of that run freezes the new version (:func:`freeze_once` once more), so
clicks are as cheap after an import as before it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

_lock = threading.Lock()
_frozen = False


def freeze_once(warm: Callable[[], object] | None = None) -> bool:
    """Load the long-lived data, collect garbage, then freeze the heap; once until :func:`unfreeze`.

    Parameters
    ----------
    warm
        Called first, to load what every session will share (catalog, areas,
        indices) so that it is frozen too.

    Returns
    -------
    bool
        True for the call that froze the heap, False for every later call.
    """
    global _frozen
    with _lock:
        if _frozen:
            return False
        if warm is not None:
            warm()
        gc.collect()
        gc.freeze()
        _frozen = True
        return True


def unfreeze() -> None:
    """Undo :func:`freeze_once`: what was frozen can be collected again, and the next call freezes anew.

    Called when the data changed (the frozen earlier version is garbage once its
    caches are emptied) and by tests.
    """
    global _frozen
    with _lock:
        gc.unfreeze()
        _frozen = False
