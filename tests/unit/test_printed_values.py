"""The data files hold the values exactly as the source documents print them.

Every expectation below was copied by hand from the documents in shared/seeds
(not generated from the CSV files), with the document and section noted.
"""

from __future__ import annotations

import pandas as pd
import pytest

# (area id, indicator id or a fragment of name_zh, baseline_text, target_text, target_year)
PRINTED: list[tuple[str, str, str, str, int | None]] = [
    # 江津区"十四五"科技创新发展规划, 专栏1 (2015 -> 2020)
    ("jiangjin", "全社会R&D经费支出占地区GDP比重", "1.87", "2.4", 2020),
    ("jiangjin", "全社会研发人员总量", "2667", "6540", 2020),
    ("jiangjin", "规模以上工业企业R&D经费支出占主营业务收入比重", "0.86", "1.8", 2020),
    ("jiangjin", "有研发活动规上企业占规上企业总数比例", "17.54", "50", 2020),
    ("jiangjin", "有研发机构的规上企业比例", "17.29", "30", 2020),
    ("jiangjin", "科技型企业", "124", "【1125】", 2020),
    ("jiangjin", "高新技术企业", "63", "【211】", 2020),
    ("jiangjin", "万人发明专利拥有量", "——", "10.67", 2020),
    # 同上, 专栏2 (2020 -> 2025)
    ("jiangjin", "全社会R&D经费支出占地区GDP比重", "2.4", "2.8", 2025),
    ("jiangjin", "规模以上工业企业R&D经费支出占主营业务收入比重", "1.8", "2", 2025),
    ("jiangjin", "战略性新兴产业产值占工业总产值比重", "22", "30", 2025),
    ("jiangjin", "有研发活动的规上企业比例", "50", "70", 2025),
    ("jiangjin", "有研发机构的规上企业比例", "30", "50", 2025),
    ("jiangjin", "科技型企业", "【1125】", "【2000】", 2025),
    ("jiangjin", "高新技术企业", "【211】", "【400】", 2025),
    ("jiangjin", "市级以上科技研发平台", "【163】", "【220】", 2025),
    ("jiangjin", "万人发明专利拥有量", "10", "15", 2025),
    ("jiangjin", "科技进步贡献率", "—", "65", 2025),
    ("jiangjin", "公民具备科学素养的比例", "10.8", "16", 2025),
    # 同上, text targets
    ("jiangjin", "全区研发投入强度", "", "3.5%以上", 2035),
    ("jiangjin", "数字经济增加值年均增速", "", "20%以上", 2025),
    ("jiangjin", "战略性新兴制造业增加值占规模以上工业增加值的比重", "", "30%", 2025),
    ("jiangjin", "新型研发机构", "", "10家", 2025),
    ("jiangjin", "区财政科技拨款", "", "不低于1.5%", 2025),
    ("jiangjin", "专业科技服务社区", "", "5万平米", 2025),
    ("jiangjin", "引进科技服务机构", "", "20家", 2025),
    ("jiangjin", "技术经理团队", "", "10个", 2025),
    ("jj_sci", "国家级孵化载体", "", "5个", 2025),
    ("jj_sci", "集聚高新技术企业", "", "250家", 2025),
    ("jj_sci", "科技型企业", "", "1200家以上", 2025),
    ("jj_sci", "装备制造产业", "", "400亿元", 2025),
    ("jj_sci", "消费品工业", "", "400亿元", 2025),
    ("jj_sci", "汽摩产业", "", "300亿元", 2025),
    ("tuanjiehu", "占地", "", "5000亩", 2025),
    ("tuanjiehu", "集聚企业", "", "300家", 2025),
    ("tuanjiehu", "研发机构", "", "30家", 2025),
    ("tuanjiehu", "企业研发平台", "", "100个", 2025),
    # 同上, 一、(一) results of the 13th Five-Year Plan period
    ("jiangjin", "全社会R&D经费支出", "14.98亿元", "26.4亿元", 2020),
    ("jiangjin", "有效发明专利", "", "1492件", 2020),
    ("jiangjin", "高新技术产品销售收入", "", "21.66亿元", 2020),
    # 重庆两江新区国家自主创新示范区建设实施方案, 发展目标 (2020)
    ("liangjiang", "R&D经费占生产总值比重", "", "4%", 2020),
    ("liangjiang", "对外技术依存度", "", "30%以下", 2020),
    ("liangjiang", "全球领先技术", "", "4项以上", 2020),
    ("liangjiang", "法人化研发机构", "", "60家", 2020),
    ("liangjiang", "科技型企业", "", "1200家", 2020),
    ("liangjiang", "高新技术企业", "", "500家", 2020),
    ("liangjiang", "每万人有效发明专利拥有量", "", "15件", 2020),
    ("liangjiang", "战略性新兴制造业增加值", "", "45%", 2020),
    ("liangjiang", "科技进步贡献率", "", "超过65%", 2020),
    ("liangjiang", "累计实际利用外资额", "", "150亿美元", 2020),
    ("liangjiang", "国家级众创空间、科技企业孵化器", "", "超过15家", 2020),
    ("liangjiang", "独角兽企业", "", "3家", 2020),
    ("liangjiang", "军民融合产值", "", "80亿元", 2020),
    # 重庆市九龙坡区产业创新提升行动实施方案 政策解读, 发展目标 (2025)
    ("jiulongpo", "研发投入总量年均增长", "", "13%", 2025),
    ("jiulongpo", "年技术交易额", "", "突破80亿元", 2025),
    ("jiulongpo", "高新技术企业", "", "750家", 2025),
    ("jiulongpo", "科技型企业", "", "4000家", 2025),
    ("jiulongpo", "市级以上创新平台", "", "420个", 2025),
    ("jiulongpo", "每万人发明专利数", "", "超过30件", 2025),
    ("jiulongpo", "科技进步贡献率", "", "60%以上", 2025),
    ("jiulongpo", "高标准农田", "", "2.4万亩", 2025),
    # 重庆国家自主创新示范区 progress report: 2020 results and 2021 Q1
    ("cq_nidz", "地区生产总值", "", "2902.97亿元", 2020),
    ("cq_nidz", "规上工业总产值", "", "6830.47亿元", 2020),
    ("cq_nidz", "有效期内高新技术企业数量", "", "938家", 2020),
    ("cq_nidz", "科技研发和服务机构", "", "781家", 2020),
    ("cq_nidz", "高新技术企业营业收入", "", "2776.79亿元", 2020),
    ("cq_hitech", "科技型企业", "", "829家", 2021),
    ("cq_hitech", "cqht_2021q1_credit_loans", "", "2100万元", 2021),
]

# 专栏11 第1项: the 18 general stations, in the printed order
GENERAL_STATIONS = [
    "支坪", "贾嗣", "广兴", "永兴", "石门", "吴滩", "嘉平", "李市", "石蟆",
    "中山", "珞璜", "白沙", "朱杨", "蔡家", "柏林", "塘河", "杜市", "油溪",
]  # fmt: skip

ENTERPRISES = [
    # 江津 plan 四、(一)
    "江记酒庄", "江津米花糖", "鲁花食用油", "益海嘉里", "玖龙智能包装",
    "重庆齿轮箱", "潍柴发动机", "赛迪重工", "重庆ABB", "润通科技",
    "小康汽车", "重汽(重庆)轻型汽车", "铁马特种车", "润通动力", "万虎机电",
    "海亮铜业", "和邦集团", "哈韦斯特", "杜拉维特", "伟星新材", "三峡油漆",
    # 江津 plan 一、(一) and 五、(一)3
    "西北工业技术研究院", "浪尖工业设计研究院", "多弧科技有限公司",
    "重齿集团", "江增船舶", "重庆水轮机厂",
    # progress report of the demonstration zone
    "易智网", "可兰达", "马上消费金融", "零壹空间", "聚土网",
    "红宇精工", "铁马工业", "长安", "京东方", "比亚迪", "康佳光电技术研究院",
]  # fmt: skip


# Platforms, each where the document places it: (area id, name as printed)
PLATFORMS = [
    # 江津 plan: 四、(一)1, 3; 专栏8 第3、4项; 专栏10 第1项; 六、(二)3 and 专栏10 第6项;
    # 八、(三); 九、(四); 十、(四); 十二、(四)
    ("jiangjin", "重庆西部食品产业技术研究院"), ("jiangjin", "西部食谷公共检测中心"),
    ("jiangjin", "西部汽车试验场"), ("jiangjin", "江津区智慧物流信息平台"), ("jiangjin", "储能技术研究院"),
    ("jiangjin", "科创服务中心"), ("jiangjin", "江津科技资源共享服务专区"),
    ("jiangjin", "江津科技成果转化服务中心"), ("jiangjin", "数字江津云平台"), ("jiangjin", "江津区数据资源中心"),
    ("jiangjin", "重庆市军民协同创新联盟"), ("jiangjin", "江津科技馆"), ("jiangjin", "四面山科学探险基地"),
    ("jiangjin", "欧尔农业科普基地"),
    # 江津 plan 专栏7 and 四、(二)2: in the modern agricultural park
    ("jj_agri_park", "花椒技术中心"), ("jj_agri_park", "江津气象农试站"), ("jj_agri_park", "国家级花椒种质资源圃"),
    ("jj_agri_park", "国家南方中药种植资源圃"), ("jj_agri_park", "中国(重庆)花椒产业研发中心"),
    ("jj_agri_park", "花椒科研试验基地"), ("jj_agri_park", "柑橘品种园"),
    # progress report 3.二 and 5: facts of 两江新区 (not of its 直管园)
    ("liangjiang", "沪渝协同创新中心"), ("liangjiang", "离岸基地"),
]  # fmt: skip

# 江津 plan 十、(一) and 专栏12: the cooperation zones, which span ground outside Chongqing
COOPERATION_ZONES = ["川南渝西融合发展试验区", "泸永江融合发展示范区", "“江津-泸州”科技合作示范区"]

# (indicator id, which printed number the document calls an estimate): 003 一、(一) "预计", 004 4.一 "近"
ESTIMATES = [
    ("jj_s1_01_rd_intensity", "value"),  # 全社会研发投入强度预计达到2.4%
    ("jj_r2020_rd_expenditure", "value"),  # 预计增长到2020年度26.4亿元
    ("jj_s2_01_rd_intensity", "baseline"),  # 专栏2's 2020 baseline 2.4 is the same 预计 figure
    ("cqht_incubation_area_new", "value"),  # 近5万平方米
]


def _matches(ind: pd.DataFrame, area: str, key: str, baseline: str, target: str, year: int | None) -> pd.DataFrame:
    rows = ind[(ind["area"] == area) & ((ind["id"] == key) | ind["name_zh"].str.contains(key, regex=False))]
    rows = rows[(rows["baseline_text"] == baseline) & (rows["target_text"] == target)]
    if year is None:
        return rows[rows["target_year"].isna()]
    return rows[rows["target_year"] == year]


def test_enough_printed_values_are_checked() -> None:
    assert len(PRINTED) >= 40
    assert len(ENTERPRISES) >= 25


@pytest.mark.parametrize(("area", "key", "baseline", "target", "year"), PRINTED)
def test_printed_value_is_in_indicators(catalog, area, key, baseline, target, year) -> None:
    found = _matches(catalog.indicators, area, key, baseline, target, year)
    assert len(found) >= 1, f"{area} {key}: {baseline!r} -> {target!r} ({year}) not in indicators.csv"


def test_key_jiangjin_rows_are_exact(catalog) -> None:
    ind = catalog.indicators
    rd = ind.loc["jj_s2_01_rd_intensity"]
    assert (rd["baseline_value"], rd["target_value"], rd["unit_zh"]) == (2.4, 2.8, "%")
    assert rd["family"] == "rd_intensity" and rd["attribute_zh"] == "预期性" and rd["status"] == "target"
    tech = ind.loc["jj_s2_06_tech_ent"]
    assert (tech["baseline_text"], tech["target_text"], tech["cumulative"]) == ("【1125】", "【2000】", "yes")
    assert (tech["baseline_value"], tech["target_value"]) == (1125.0, 2000.0)
    hte = ind.loc["jj_s2_07_high_tech_ent"]
    assert (hte["baseline_text"], hte["target_text"], hte["cumulative"]) == ("【211】", "【400】", "yes")
    patents = ind.loc["jj_s1_08_patents_per_10k"]
    assert patents["baseline_text"] == "——" and pd.isna(patents["baseline_value"])
    progress = ind.loc["jj_s2_10_tech_progress"]
    assert progress["baseline_text"] == "—" and pd.isna(progress["baseline_value"])


def test_both_jiangjin_tables_are_complete(catalog) -> None:
    ind = catalog.indicators
    s1 = ind[ind["section"].str.startswith("专栏1 ")]
    s2 = ind[ind["section"].str.startswith("专栏2 ")]
    assert len(s1) == 8 and set(s1["status"]) == {"result"}
    assert set(s1["baseline_year"]) == {2015} and set(s1["target_year"]) == {2020}
    assert len(s2) == 11 and set(s2["attribute_zh"]) == {"预期性"}
    assert set(s2["baseline_year"]) == {2020} and set(s2["target_year"]) == {2025}


def test_stations_follow_the_plan(catalog) -> None:
    st = catalog.stations
    basic = st[st["type_zh"] == "基本站"]
    assert len(basic) == 2 and basic["count"].sum() == 2
    assert list(basic["name_zh"]) == ["行政中心基本站", "四面山基本站"]
    general = st[st["type_zh"] == "一般站"]
    assert list(general["town_zh"]) == GENERAL_STATIONS
    assert set(general["count"]) == {1} and set(general["status"]) == {"planned"}
    demo = st[st["type_zh"] == "示范点"]
    assert len(demo) == 1 and demo["location_accuracy"].iloc[0] == "unpublished" and demo["town"].iloc[0] == ""
    kept = st.loc["maintained_22"]  # 第2项: "做好22个地震站点运维保障" (the plan does not call them 现有)
    assert (kept["type_zh"], kept["status"], kept["count"]) == ("运维保障站点", "maintained", 22)
    assert kept["name_zh"] == "地震站点运维保障(22个)" and "现有" not in kept["name_zh"] + kept["type_zh"]
    planned = st[st["status"] == "planned"]
    assert planned["count"].sum() == 21


def test_mapped_stations_point_at_their_town(catalog) -> None:
    st, towns = catalog.stations, catalog.towns
    mapped = st[st["town"] != ""]
    assert len(mapped) == 19  # 四面山 and the 18 general stations; 行政中心 is not placed
    for _, row in mapped.iterrows():
        town = towns.loc[row["town"]]
        assert town["name_zh"].startswith(row["town_zh"]) and town["district_2023"] == "500116"
        assert row["location_accuracy"] == "town_seat" and town["match"] in ("full", "core", "pinyin")


@pytest.mark.parametrize(("area", "name"), PLATFORMS)
def test_platform_is_listed_where_the_document_puts_it(catalog, area, name) -> None:
    assert name in catalog.areas.loc[area, "platforms_zh"]


def test_jiangjin_platforms_cite_the_plan_and_direct_park_keeps_only_what_004_says_of_it(catalog) -> None:
    areas = catalog.areas
    assert areas.loc["jiangjin", "profile_source"] == ("jj_s14_plan_2022",)  # its own source is the boundary's
    assert areas.loc["liangjiang", "profile_source"] == ("lj_plan_2018", "cq_nidz_report_2021")
    assert {"新一代信息技术", "新能源及智能汽车"} <= set(areas.loc["liangjiang", "industries_zh"])
    assert "两大千亿级产业集群" in areas.loc["liangjiang", "positioning_zh"]
    direct = areas.loc["lj_direct"]
    assert direct["industries_zh"] == () and direct["platforms_zh"] == ()
    assert direct["positioning_zh"] == "重庆国家自主创新示范区组成部分"


@pytest.mark.parametrize("name", COOPERATION_ZONES)
def test_cooperation_zone_is_listed_and_not_drawn(catalog, name) -> None:
    (row,) = [r for _, r in catalog.areas.iterrows() if r["name_zh"] == name]
    assert row["kind"] == "cooperation_zone" and row["source"] == "jj_s14_plan_2022"
    assert (row["geometry"], row["accuracy"]) == ("none", "not_mapped")
    assert "文件未给出" in row["accuracy_note_zh"] and "四川" in row["accuracy_note_zh"]


def test_estimates_are_marked_and_explained(catalog) -> None:
    ind = catalog.indicators
    assert sorted(ind.index[ind["estimate"] != ""]) == sorted(i for i, _ in ESTIMATES)
    for row_id, point in ESTIMATES:
        assert ind.loc[row_id, "estimate"] == point
        assert ind.loc[row_id, "note_zh"] and ind.loc[row_id, "note_en"]
    assert "预计" in ind.loc["jj_s1_01_rd_intensity", "quote_zh"]


def test_both_printed_2020_patent_figures_carry_the_same_note(catalog) -> None:
    ind = catalog.indicators
    s1, s2 = ind.loc["jj_s1_08_patents_per_10k"], ind.loc["jj_s2_09_patents_per_10k"]
    assert (s1["target_text"], s1["unit_zh"], s2["baseline_text"], s2["unit_zh"]) == (
        "10.67",
        "项/万人",
        "10",
        "件/万人",
    )
    assert s1["note_zh"] == s2["note_zh"] and "10.67" in s1["note_zh"] and "10件/万人" in s1["note_zh"]


@pytest.mark.parametrize("name", ENTERPRISES)
def test_enterprise_is_listed(catalog, name) -> None:
    assert name in set(catalog.enterprises["name_zh"])
