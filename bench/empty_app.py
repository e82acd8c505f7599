"""The floor: the smallest Streamlit script with one button, whose click reruns it."""

import streamlit as st

st.button("rerun")
