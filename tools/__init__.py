"""Build-time tools: pinned package archives and the scripts that rebuild derived data files."""
