"""Streamlit and folium pieces of the dashboard: map, panel, legend, sidebar, share box."""
