"""数据导入 / Data import: behind the admin password, check a file and import it; kept versions."""

from __future__ import annotations

from components.admin_view import render_admin
from components.view import read_view

render_admin(read_view().state.lang)
