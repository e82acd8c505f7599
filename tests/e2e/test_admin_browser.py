"""The import page in Chromium: sign in, a refused file changes nothing, a plain GBK list imports and shows up."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN_PASSWORD, admin_uploader, sign_in, wait_for_app
from tests.unit.test_ingest import CORPUS, fingerprint


def test_sign_in_refuse_a_bad_file_then_import_a_plain_gbk_list(admin_app, offline) -> None:
    url, data = admin_app
    page = offline().new_page()
    uploader = admin_uploader(page, url)

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


def test_a_new_x_forwarded_for_per_guess_does_not_escape_the_lockout(lockout_app, offline) -> None:
    """Each guess comes with another made-up client address in X-Forwarded-For, over loopback like a proxy.

    uvicorn believes that header from loopback by default; serve.py turns that off, so the five
    guesses count against one client and the sixth visitor, with the right password, is refused.
    """
    for i in range(5):
        page = offline(extra_http_headers={"X-Forwarded-For": f"198.51.100.{i + 1}"}).new_page()
        sign_in(page, lockout_app, "wrong-guess")
        expected = "密码错误次数过多" if i == 4 else "密码不正确"
        expect(page.get_by_text(expected)).to_be_visible(timeout=30_000)
    page = offline(extra_http_headers={"X-Forwarded-For": "203.0.113.99"}).new_page()
    sign_in(page, lockout_app, ADMIN_PASSWORD)
    expect(page.get_by_text("密码错误次数过多")).to_be_visible(timeout=30_000)
    assert page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
