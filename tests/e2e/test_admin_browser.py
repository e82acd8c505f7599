"""The import page in Chromium: sign in, a refused file changes nothing, a plain GBK list imports and shows up."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN_PASSWORD, wait_for_app
from tests.unit.test_ingest import CORPUS, fingerprint


def test_sign_in_refuse_a_bad_file_then_import_a_plain_gbk_list(admin_app, offline) -> None:
    url, data = admin_app
    page = offline().new_page()
    page.goto(f"{url}/admin")
    wait_for_app(page)
    page.get_by_label("管理员密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    uploader = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    uploader.wait_for(state="attached", timeout=30_000)

    before = fingerprint(data)
    uploader.set_input_files(str(CORPUS / "bad" / "swapped_lonlat.csv"))
    expect(page.get_by_text("发现 1 个问题")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid='stDataFrame']")).to_be_visible()
    assert page.get_by_role("button", name="导入").count() == 0
    assert fingerprint(data) == before

    # only 企业名称, 行业, 经度, 纬度: each row's area comes from its point, and is shown before the import
    uploader.set_input_files(str(CORPUS / "good" / "enterprises_plain_gbk.csv"))
    expect(page.get_by_text("检查通过")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("3 行没有写所属区域")).to_be_visible()
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_text("已导入")).to_be_visible(timeout=30_000)
    assert "重庆测试材料有限公司,,500116005," in (data / "enterprises.csv").read_text(encoding="utf-8")
    assert "enterprises_plain_gbk.csv" in (data / "sources.csv").read_text(encoding="utf-8")
    # the version it replaced is kept, with a way back
    expect(page.get_by_role("button", name="恢复此版本")).to_have_count(1)

    # the running app serves the new row at once (its caches follow the data files)
    page.goto(f"{url}/enterprises")
    wait_for_app(page)
    page.get_by_label("搜索企业名称").fill("重庆测试材料")
    page.keyboard.press("Enter")
    # the only match is shown as the selected enterprise, with its area
    expect(page.locator("strong", has_text="重庆测试材料有限公司")).to_be_visible(timeout=30_000)
