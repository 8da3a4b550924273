"""The environment is read once per client and origin, keeping requests' meaning
(proxies, no_proxy, CA bundle, .netrc), and never overrides explicit credentials."""

from __future__ import annotations

import base64

import pytest
import trustme

from maxclient.rest import MaxClient, RequestError

from .hostile import canned, json_answer, raw_server
from .scripted import reply
from .test_hardening import _tls_server_context


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY",
                 "all_proxy", "NO_PROXY", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
                 "NETRC"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_netrc_never_replaces_an_explicit_authorization(clean_env, tmp_path, app, server):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login fromnetrc password netrcpw\n")
    netrc.chmod(0o600)
    clean_env.setenv("NETRC", str(netrc))
    app.on("GET", "/people", reply(200, []))
    client = MaxClient(server.url, auth_method="basic", retries=0)
    client.setBasicAuth("bob", "pw")
    client.people.get()
    assert app.seen[-1].headers["Authorization"] == _basic("bob", "pw")
    # Without credentials of its own, .netrc still applies, as in requests.
    MaxClient(server.url, retries=0).people.get()
    assert app.seen[-1].headers["Authorization"] == _basic("fromnetrc", "netrcpw")


def test_proxy_and_no_proxy_from_the_environment(clean_env, app, server):
    app.on("GET", "http://max.example.test/people", reply(200, []))
    clean_env.setenv("HTTP_PROXY", server.url)
    client = MaxClient("http://max.example.test", retries=0)
    assert client.people.get() == []
    assert app.seen[-1].headers["Host"] == "max.example.test"
    clean_env.setenv("NO_PROXY", "max.example.test")
    # The environment was read once: this client keeps its proxy...
    assert client.people.get() == []
    # ...and a new one honours no_proxy (so it tries the host itself, which does not exist).
    with pytest.raises(RequestError) as err:
        MaxClient("http://max.example.test", retries=0, deadline=5).people.get()
    assert err.value.cause == "dns"


def test_ca_bundle_from_the_environment(clean_env, tmp_path):
    ca, ctx = _tls_server_context()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    clean_env.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    with raw_server(canned(json_answer(200, [])), tls=ctx) as srv:
        assert MaxClient(srv.url, retries=0).people.get() == []
        # verify=False given explicitly still wins over the environment.
        with pytest.warns(Warning, match="Unverified HTTPS"):
            assert MaxClient(srv.url, retries=0, verify=False).people.get() == []
    clean_env.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "other.pem"))
    (tmp_path / "other.pem").write_text(trustme.CA().cert_pem.bytes().decode())
    with raw_server(canned(json_answer(200, [])), tls=ctx) as srv:
        with pytest.raises(RequestError) as err:  # a bundle without our CA: refused
            MaxClient(srv.url, retries=0).people.get()
        assert err.value.cause == "tls"
