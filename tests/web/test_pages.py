"""The catalog pages, server-rendered: they work without JavaScript and speak Vietnamese first."""

from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]


async def test_home_has_a_labelled_search_form_and_fields(client: Client) -> None:
    """The home page offers the search form (a plain GET form) and field browsing."""
    html = (await client.get("/")).text
    assert '<html lang="vi">' in html
    assert '<label for="q"' in html and 'action="/procedures" method="get"' in html
    assert "Tra cứu theo lĩnh vực" in html and "/procedures?field=ho-tich" in html


async def test_search_page_without_javascript(client: Client) -> None:
    """A plain GET of the search page lists results as links."""
    response = await client.get("/procedures", params={"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert 'href="/procedures/1.001193">Đăng ký khai sinh</a>' in response.text
    assert "HX-Request" in response.headers["vary"]


async def test_htmx_search_gets_only_the_results_fragment(client: Client) -> None:
    """With HX-Request the same URL returns the results fragment, not the whole page."""
    response = await client.get(
        "/procedures", params={"q": "khai sinh"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.text and "Đăng ký khai sinh" in response.text


async def test_live_results_carry_the_heading_count_and_language_link(client: Client) -> None:
    """Typing changes the URL; the heading, the announced count and the language link follow."""
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver.local/procedures?q=k"}
    response = await client.get("/procedures", params={"q": "khai sinh"}, headers=headers)
    html = response.text
    assert '<h1 id="results-title" hx-swap-oob="true">Kết quả cho “khai sinh”</h1>' in html
    assert '<p id="results-count" hx-swap-oob="innerHTML">' in html
    assert 'id="lang-link"' in html and "next=/procedures%3Fq%3Dkhai%2Bsinh" in html
    full = (await client.get("/procedures", params={"q": "khai sinh"})).text
    assert 'id="results-count" class="total" role="status"' in full
    assert "hx-swap-oob" not in full
    from_home = {"HX-Request": "true", "HX-Current-URL": "http://testserver.local/"}
    html = (await client.get("/procedures", params={"q": "x"}, headers=from_home)).text
    assert "results-title" not in html  # the home page keeps its own heading


async def test_breadcrumb_field_link_filters_by_that_field(client: Client) -> None:
    """The field in the breadcrumb is a working filter, preselected on the search page."""
    html = (await client.get("/procedures/1.001193")).text
    assert 'href="/procedures?field=ho-tich">Hộ tịch</a>' in html
    page = (await client.get("/procedures", params={"field": "ho-tich"})).text
    assert '<option value="ho-tich" selected>Hộ tịch</option>' in page
    assert "Đăng ký khai sinh" in page and "Chứng thực bản sao" not in page


async def test_a_time_published_without_unit_says_so(client: Client) -> None:
    """The portal gives "1" for khai sinh; the page shows it and says the unit is missing."""
    html = (await client.get("/procedures/1.001193")).text
    assert "1 (cổng dịch vụ công quốc gia không ghi đơn vị)" in html


async def test_procedure_page_shows_what_a_citizen_needs(client: Client) -> None:
    """Documents, time, fee, steps, legal basis and the online entry point are on the page."""
    html = (await client.get("/procedures/1.001193")).text
    for text in (
        "<h1>Đăng ký khai sinh</h1>",
        "Cần chuẩn bị gì",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Trình tự thực hiện",
        "Căn cứ pháp lý",
        "Nộp hồ sơ trực tuyến",
    ):
        assert text in html, text


async def test_unknown_procedure_is_a_404_page(client: Client) -> None:
    """An unknown code gives a Vietnamese 404 page."""
    response = await client.get("/procedures/1.999999")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.text


async def test_bad_page_number_is_a_400_page_saying_why(client: Client) -> None:
    """page=0 gives a 400 page naming the parameter."""
    response = await client.get("/procedures", params={"page": "0"})
    assert response.status_code == 400 and "page" in response.text


async def test_english_switch_sets_a_cookie_and_returns(client: Client) -> None:
    """/lang/en sets the language and redirects back to a local page only."""
    response = await client.get(
        "/lang/en", params={"next": "/procedures/1.001193"}, follow_redirects=False
    )
    assert (
        response.status_code in (302, 303)
        and response.headers["location"] == "/procedures/1.001193"
    )
    html = (await client.get("/procedures/1.001193")).text
    assert "What to bring" in html and '<html lang="en">' in html
    away = await client.get("/lang/en", params={"next": "//evil.example"}, follow_redirects=False)
    assert away.headers["location"] == "/"


async def test_static_htmx_is_served_locally(client: Client) -> None:
    """htmx comes from the app, not a CDN."""
    response = await client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200 and "htmx" in response.text[:200]
