"""The floor once more, served with ``TCP_NODELAY`` as ``serve.py`` serves the app (``bench.timeline`` only).

Stock Streamlit leaves Nagle's algorithm on (see ``web/firstview.py``), which
slows its own frontend's download; the app's server turns it off, so its
first view can beat the stock empty page's. This floor says what an empty page
needs once that is fixed too.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from web.firstview import NoDelay

app = st.App(Path(__file__).with_name("empty_app.py"), middleware=[Middleware(NoDelay)])
