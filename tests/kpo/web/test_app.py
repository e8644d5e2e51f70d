"""The web page through FastAPI's TestClient, on SQLite and PostgreSQL: login, cookies, CSRF,
client isolation, roles, and a review from claim to decision."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kpo.errors import ConfigError

from .conftest import PASSWORD


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def test_login_sets_a_secure_httponly_samesite_strict_cookie(client_for: Any) -> None:
    client = client_for(None)
    login = client.get("/login")
    cookie = login.headers["set-cookie"]
    assert "kpo_session=" in cookie and "Secure" in cookie and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    assert "script-src 'self'" in login.headers["content-security-policy"]
    before = client.cookies["kpo_session"]
    done = client.post(
        "/login", data={"name": "ann", "password": PASSWORD, "csrf_token": csrf_of(login.text)}
    )
    assert done.status_code == 200 and "acme" in done.text
    assert client.cookies["kpo_session"] != before, "the session id must change at login"


def test_wrong_password_unknown_user_and_no_session_are_refused(client_for: Any) -> None:
    client = client_for(None)
    token = csrf_of(client.get("/login").text)
    for name, password in (("ann", "wrong password!"), ("nobody", PASSWORD)):
        refused = client.post(
            "/login", data={"name": name, "password": password, "csrf_token": token}
        )
        assert refused.status_code == 401 and "E606" in refused.text
    anonymous = client_for(None).get("/clients/acme", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login"


def test_repeated_failed_logins_lock_the_name_out(client_for: Any) -> None:
    client = client_for(None)
    token = csrf_of(client.get("/login").text)
    codes = [
        client.post(
            "/login", data={"name": "ann", "password": "nope-nope-nope", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    locked = client.post("/login", data={"name": "ann", "password": PASSWORD, "csrf_token": token})
    assert locked.status_code == 429 and "E612" in locked.text


def test_a_form_without_a_valid_csrf_token_is_refused(client_for: Any, web_env: Any) -> None:
    client = client_for("ann")
    item_id = web_env.acme_ids[0]
    for data in ({}, {"csrf_token": "forged"}):
        refused = client.post(f"/items/{item_id}/claim", data=data)
        assert refused.status_code == 403 and "E607" in refused.text
    login = client_for(None).post("/login", data={"name": "ann", "password": PASSWORD})
    assert login.status_code == 403
    with web_env.service() as service:
        assert service.show(item_id).status == "open"


def test_a_reviewer_sees_only_their_clients_even_by_url(client_for: Any, web_env: Any) -> None:
    client = client_for("ann")
    index = client.get("/")
    assert "/clients/acme" in index.text and "globex" not in index.text
    other = web_env.globex_ids[0]
    token = csrf_of(client.get(f"/items/{web_env.acme_ids[0]}").text)
    assert client.get("/clients/globex").status_code == 404
    assert client.get(f"/items/{other}").status_code == 404
    assert client.get(f"/items/{other}/page.png").status_code == 404
    assert client.post(f"/items/{other}/claim", data={"csrf_token": token}).status_code == 404
    assert client.post("/clients/globex/next", data={"csrf_token": token}).status_code == 404
    missing = client.get("/items/999999")
    assert missing.status_code == 404 and missing.text == client.get(f"/items/{other}").text
    with web_env.service() as service:
        assert service.show(other).status == "open"


def test_claim_correct_and_next_through_the_forms(client_for: Any, web_env: Any) -> None:
    client = client_for("ann")
    token = csrf_of(client.get("/clients/acme").text)
    first = client.post("/clients/acme/next", data={"csrf_token": token})
    item_id = int(first.url.path.rsplit("/", 1)[1])
    assert item_id in web_env.acme_ids and 'id="accept-form"' in first.text
    assert "Confidence" in first.text and "<mark>" in first.text
    done = client.post(f"/items/{item_id}/correct", data={"csrf_token": token, "value": "X-42"})
    assert f"Item {item_id} corrected · u to undo." in done.text  # and the next item is shown
    assert int(done.url.path.rsplit("/", 1)[1]) not in (item_id,)
    with web_env.service() as service:
        decided = service.show(item_id).decision
        assert decided and decided.reviewer == "ann" and decided.decision.value == "X-42"
        assert "token" not in str(client.cookies)  # the claim token never leaves the server


def test_next_gives_back_the_undecided_item_and_logout_the_rest(
    client_for: Any, web_env: Any
) -> None:
    client = client_for("ann")
    token = csrf_of(client.get("/clients/acme").text)
    first = int(client.post("/clients/acme/next", data={"csrf_token": token}).url.path[7:])
    second = int(
        client.post(
            "/clients/acme/next", data={"csrf_token": token, "release": str(first)}
        ).url.path[7:]
    )
    with web_env.service() as service:
        assert service.show(first).status == "open" and service.show(second).status == "claimed"
    client.post("/logout", data={"csrf_token": token})
    with web_env.service() as service:
        assert service.show(second).status == "open"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_late_decision_after_someone_else_took_the_item_is_refused(
    client_for: Any, web_env: Any
) -> None:
    ann, root = client_for("ann"), client_for("root")
    item_id = web_env.acme_ids[0]
    ann_token = csrf_of(ann.get(f"/items/{item_id}").text)
    ann.post(f"/items/{item_id}/claim", data={"csrf_token": ann_token})
    with web_env.service() as service:  # ann's claim lapses; root takes the item over
        service.release(item_id, "ann", service.store.claim_token(item_id)[0])
    root.post(f"/items/{item_id}/claim", data={"csrf_token": csrf_of(root.get("/").text)})
    late = ann.post(f"/items/{item_id}/accept", data={"csrf_token": ann_token})
    assert "E503" in late.text and "root has claimed it since" in late.text
    with web_env.service() as service:
        assert service.show(item_id).decision is None


def test_an_analyst_looks_but_cannot_claim(client_for: Any, web_env: Any) -> None:
    client = client_for("vic")
    item_id = web_env.acme_ids[0]
    page = client.get(f"/items/{item_id}")
    assert page.status_code == 200 and 'id="claim-form"' not in page.text
    refused = client.post(f"/items/{item_id}/claim", data={"csrf_token": csrf_of(page.text)})
    assert refused.status_code == 403 and "E609" in refused.text


def test_an_admin_sees_every_client(client_for: Any, web_env: Any) -> None:
    client = client_for("root")
    assert "/clients/globex" in client.get("/").text
    assert client.get(f"/items/{web_env.globex_ids[0]}").status_code == 200


def test_a_removed_user_is_logged_out_at_once(client_for: Any, web_env: Any) -> None:
    from kpo.review.users import Users

    client = client_for("ann")
    with web_env.service() as service:
        Users(service.store).remove("ann")
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_the_page_image_is_a_png_with_the_box_drawn(client_for: Any, web_env: Any) -> None:
    import io

    from PIL import Image

    client = client_for("ann")
    with web_env.service() as service:
        item = next(i for i in service.list_items() if i.client == "acme" and i.box)
    response = client.get(f"/items/{item.item_id}/page.png")
    assert response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    scale = web_env.settings.render_scale
    edge = (round((item.box.x0 + item.box.x1) / 2 * scale), round(item.box.top * scale) - 2)
    red, green, blue = image.getpixel(edge)  # type: ignore[misc]
    assert red > 180 and green < 90 and blue < 90, "the box outline is red"


def test_insecure_cookies_are_refused_off_loopback(tmp_path: Any) -> None:
    from kpo.web.settings import ServeSettings

    ServeSettings(workspace=tmp_path, host="127.0.0.1", secure_cookies=False)
    try:
        ServeSettings(workspace=tmp_path, host="0.0.0.0", secure_cookies=False)
    except ConfigError as exc:
        assert "E610" in str(exc)
    else:
        raise AssertionError("insecure cookies on 0.0.0.0 must be refused")


@pytest.mark.parametrize(("key", "value"), [("max_failed_logins", 0), ("lockout_s", 0.0)])
def test_a_lockout_that_could_never_lock_is_refused(tmp_path: Any, key: str, value: float) -> None:
    from kpo.web.settings import ServeSettings

    with pytest.raises(ConfigError, match=f"E002.*{key}"):
        ServeSettings(workspace=tmp_path, **{key: value})  # type: ignore[arg-type]


def test_kpo_serve_refuses_insecure_cookies_off_loopback(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from kpo.cli import cli

    args = ["serve", "--insecure-cookies", "--host", "0.0.0.0", "--workspace", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "E610" in result.output and "Traceback" not in result.output


def test_kpo_serve_takes_trusted_proxies_and_refuses_a_bad_one(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from kpo.cli import cli

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.append((app, kwargs)))
    args = ["serve", "--workspace", str(tmp_path), "--trusted-proxy", "10.0.0.5"]
    result = CliRunner().invoke(cli, [*args, "--trusted-proxy", "fd00::/8"])
    assert result.exit_code == 0, result.output
    [(app, kwargs)] = served
    assert app.state.kpo.settings.trusted_proxies == ("10.0.0.5", "fd00::/8")
    assert kwargs["proxy_headers"] is False  # uvicorn trusts no header of its own
    app.state.kpo.close()
    bad = CliRunner().invoke(cli, [*args, "--trusted-proxy", "proxy.internal"])
    assert bad.exit_code == 1 and "E002" in bad.output and "trusted_proxies" in bad.output
