"""Plain-Python geodata core of the Chongqing innovation-layout dashboard.

Nothing in this package imports Streamlit: it loads and validates the data
files, converts coordinates, builds layer geometry, hit-tests clicks, parses
URL state and does indicator arithmetic.
"""
