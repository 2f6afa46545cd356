"""The citizen's side of paying: the fee on the dossier page, the pay button to the gateway, the
e-receipt page and PDF (owner and holding unit only), and the public check of a receipt."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from core.dossiers.tables import Dossier
from core.payments.tables import EReceipt
from tests.web.test_account import csrf_of
from tests.web.test_forms_print import Site, pdf_text, site

__all__ = ["site"]  # the fixture, shared with the forms' tests
FEE = 16_000
ITEMS = [{"label": "Bản sao trích lục: 2 bản", "quantity": 2, "unit_vnd": 8_000, "amount_vnd": FEE}]


async def fee_bearing(site: Site) -> str:
    code = await site.office.file()
    await Dossier.update({Dossier.fee_vnd: FEE, Dossier.fee_items: ITEMS}).where(
        Dossier.code == code
    )
    return code


async def pay_through_sandbox(site: Site, code: str) -> None:
    page = await site.client.get(f"/dossiers/{code}")
    pay = await site.client.post(
        f"/dossiers/{code}/pay", data={"gateway": "vnpay", "_csrf_token": csrf_of(page.text)}
    )
    assert pay.status_code == 303, pay.text
    url = urlsplit(pay.headers["location"])
    sandbox = await site.client.get(f"{url.path}?{url.query}")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', sandbox.text))
    done = await site.client.post(url.path, data={**fields, "choice": "success"})
    assert done.status_code == 303


async def test_the_dossier_page_shows_the_fee_and_a_pay_button(site: Site) -> None:
    code = await fee_bearing(site)
    await site.as_(site.office.citizen)
    page = await site.client.get(f"/dossiers/{code}")
    assert page.status_code == 200
    assert "Bản sao trích lục: 2 bản" in page.text and "16.000" in page.text
    assert f'action="/dossiers/{code}/pay"' in page.text
    assert "Thanh toán 16.000 đồng" in page.text


async def test_pay_button_goes_to_the_gateway_and_without_csrf_is_refused(site: Site) -> None:
    code = await fee_bearing(site)
    await site.as_(site.office.citizen)
    refused = await site.client.post(f"/dossiers/{code}/pay", data={"gateway": "vnpay"})
    assert refused.status_code == 403
    page = await site.client.get(f"/dossiers/{code}")
    token = csrf_of(page.text)
    bad = await site.client.post(
        f"/dossiers/{code}/pay", data={"gateway": "bitcoin", "_csrf_token": token}
    )
    assert bad.status_code == 400 and "cổng thanh toán" in bad.text
    pay = await site.client.post(
        f"/dossiers/{code}/pay", data={"gateway": "vnpay", "_csrf_token": token}
    )
    assert pay.status_code == 303
    assert "/payments/sandbox/vnpay/pay?" in pay.headers["location"]
    again = await site.client.get(f"/dossiers/{code}")
    assert "Tiếp tục thanh toán" in again.text  # the open attempt, not a second one


async def test_after_paying_the_receipt_page_pdf_and_public_check(site: Site) -> None:
    code = await fee_bearing(site)
    await site.as_(site.office.citizen)
    await pay_through_sandbox(site, code)
    page = await site.client.get(f"/dossiers/{code}")
    assert "Đã thanh toán" in page.text and f'href="/dossiers/{code}/e-receipt"' in page.text
    receipt = await site.client.get(f"/dossiers/{code}/e-receipt")
    assert receipt.status_code == 200
    row = await EReceipt.select().first()
    assert row is not None
    assert row["number"] in receipt.text and "Mười sáu nghìn đồng" in receipt.text
    assert f"/e-receipts/{row['token']}" in receipt.text and "<svg" in receipt.text  # the QR
    pdf = await site.client.get(f"/dossiers/{code}/e-receipt.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert row["number"] in text and "BIÊN LAI THU PHÍ, LỆ PHÍ" in text and "16.000" in text

    await site.as_(site.office.officer)  # the holding unit's officer sees it too
    assert (await site.client.get(f"/dossiers/{code}/e-receipt")).status_code == 200
    await site.as_(await site.office.world.citizen("+84987654321"))
    assert (await site.client.get(f"/dossiers/{code}/e-receipt")).status_code == 404
    site.client.cookies.clear()
    public = await site.client.get(f"/e-receipts/{row['token']}")
    assert public.status_code == 200 and row["number"] in public.text
    assert "biên lai thật" in public.text and row["payer_name"] not in public.text


async def test_a_free_dossier_has_no_fee_section(site: Site) -> None:
    code = await site.office.file()
    await site.as_(site.office.citizen)
    page = await site.client.get(f"/dossiers/{code}")
    assert page.status_code == 200 and "/pay" not in page.text


async def test_the_head_refunds_from_the_receipt_page(site: Site) -> None:
    """The head sees the refund form; a wrong amount re-renders it (400) saying what to fix;
    6.000 is refunded and shown; the officer gets no form and the post is 404 for them."""
    code = await fee_bearing(site)
    await site.as_(site.office.citizen)
    await pay_through_sandbox(site, code)
    await site.as_(site.office.officer)
    page = await site.client.get(f"/dossiers/{code}/e-receipt")
    assert "Hoàn trả phí, lệ phí" not in page.text
    home = await site.client.get("/staff")  # a page with a form, for the CSRF token
    posted = await site.client.post(
        f"/staff/dossiers/{code}/refund",
        data={"amount": "1000", "reason": "x", "_csrf_token": csrf_of(home.text)},
    )
    assert posted.status_code == 404

    await site.as_(site.office.head)
    page = await site.client.get(f"/dossiers/{code}/e-receipt")
    assert "Có thể hoàn tối đa 16.000 đồng" in page.text
    token = csrf_of(page.text)
    wrong = await site.client.post(
        f"/staff/dossiers/{code}/refund",
        data={"amount": "20.000", "reason": "Thu thừa", "_csrf_token": token},
    )
    assert (
        wrong.status_code == 400
        and "16.000" in wrong.text
        and 'href="#refund-amount"' in wrong.text
    )
    done = await site.client.post(
        f"/staff/dossiers/{code}/refund",
        data={"amount": "6.000", "reason": "Thu thừa một bản", "_csrf_token": token},
    )
    assert done.status_code == 303
    shown = await site.client.get(done.headers["location"])
    assert "Đã hoàn 6.000 đồng." in shown.text and "Có thể hoàn tối đa 10.000 đồng" in shown.text
