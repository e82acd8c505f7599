"""Page-wide styles of the frame: tighter margins, and a layout that fits a phone.

Streamlit already stacks columns under 640 px and collapses the sidebar on
small screens. On a phone this adds what it does not do: a map about half
the screen high (so the panel below it is in reach and the page can still be
scrolled past the map with a finger), tables that scroll inside themselves
instead of widening the page, and long words that wrap.
"""

from __future__ import annotations

PHONE_MAX_WIDTH_PX = 640

FRAME_CSS = f"""<style>
.block-container {{padding-top: 2.2rem; padding-bottom: 1rem}}
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  .block-container {{padding-left: .75rem; padding-right: .75rem; padding-top: 4rem}}
  iframe[title="streamlit_folium.st_folium"] {{height: 55vh !important; min-height: 280px}}
  [data-testid="stTable"], [data-testid="stMarkdownContainer"] table {{display: block; overflow-x: auto}}
  [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] {{overflow-wrap: anywhere}}
  [data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"] {{max-width: 100%; overflow-x: auto}}
}}
</style>"""
