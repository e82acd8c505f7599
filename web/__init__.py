"""Serving the dashboard: HTTP concerns that are neither geography nor Streamlit widgets."""
