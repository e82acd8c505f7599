"""Side-by-side performance benchmark of the dashboard against a plain Streamlit + folium baseline.

Run ``.venv/bin/python -m bench.run`` (full) or ``.venv/bin/python -m bench.run --quick`` (CI);
see ``bench/README.md``.
"""
