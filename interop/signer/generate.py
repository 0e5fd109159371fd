#!/usr/bin/env python3
"""Signature cases computed by Alibaba Cloud's official Python SDK, for the Rust interop test.

Every case goes through the SDK's own request path, `alibabacloud_tea_openapi.client.Client`
`.call_api` (V3: `do_request`, which signs with `Utils.get_authorization`; V2 with
`signature_algorithm='v2'`: `do_rpcrequest`, which signs with `Utils.get_rpcsignature`), down
to the `requests.PreparedRequest` that darabonba's `DaraCore.do_action` hands to the HTTP
session. Nothing leaves the machine: the session is replaced by one that records the prepared
request and answers `{}`. The SDK's clock and nonce are pinned per case, so the cases are a
function of the seed (and, for ACS3-RSA-SHA256, of the RSA keys drawn at run time).

Intermediate steps: the canonical request (V3) and the canonicalized query (V2) are computed
from the arguments the SDK passed to its signing function, with the SDK's own module
functions (`get_canonical_query_string`, `get_canonicalized_headers`, `Utils.hash`, ...), and
checked against the SDK's signature, so they are what the SDK signed.

A further class signs requests exactly as given with `Utils.get_authorization` directly, as
the helper library's own tests do (repeated headers in different case, precomputed payload
hash).

Kinds (see COUNTS): V3 through the client for each of ACS3-HMAC-SHA256, ACS3-HMAC-SM3 and
ACS3-RSA-SHA256, with parameter names that need no percent-encoding (as every real API's
do) and values with anything in them; V3 `get_authorization` as given; V3 with names that
need encoding (`v3-client-special-names`: the SDK leaves V3 names unencoded in the canonical
query, which protocol.md does not, so the Rust test checks these differ in exactly that
way); V2 through the client, GET and POST, with query and form-body parameters whose names
and values have anything in them. Each with and without an STS token.

Usage: generate.py --out cases.json [--seed N]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import hmac
import importlib.metadata
import json
import random
import sys
from urllib.parse import quote, quote_plus

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import alibabacloud_tea_openapi.utils as sdk_utils
from alibabacloud_tea_openapi import utils_models as open_api_models
from alibabacloud_tea_openapi.client import Client
from alibabacloud_tea_openapi.utils import Utils
from darabonba.core import DaraCore
from darabonba.runtime import RuntimeOptions

SDK_PACKAGES = [
    "alibabacloud-tea-openapi",
    "darabonba-core",
    "alibabacloud-credentials",
    "alibabacloud-tea-util",
    "alibabacloud-tea",
    "requests",
    "cryptography",
]

# How many cases of each kind; the Rust test checks at least as many arrive.
COUNTS = {
    "v3-client-ACS3-HMAC-SHA256": 160,
    "v3-client-ACS3-HMAC-SM3": 60,
    "v3-client-ACS3-RSA-SHA256": 24,
    "v3-prepared": 30,
    "v3-client-special-names": 24,
    "v2-client": 160,
}

# Characters values are drawn from: the troublesome ones of protocol.md and then some.
SPECIAL = list(" *~/+=&%:?#,;!'()@$[]\"<>^`{|}\\")
NON_ASCII = ["é", "ü", "ß", "中", "文", "€", "😀", "ñ", "Ω"]
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
UNRESERVED = ALNUM + "-_.~"

# Headers the V3 signer itself sets; what else the SDK sends is an input of the request.
V3_SIGNER_HEADERS = {
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    "x-acs-accesskey-id",
    "authorization",
}
V2_SIGNER_PARAMS = {
    "AccessKeyId",
    "Action",
    "SecurityToken",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
    "Signature",
}
ACTIONS = [
    ("SetMFAAuthenticationStatus", "2021-05-15"),
    ("GetMFAAuthenticationStatus", "2021-05-15"),
    ("RunInstances", "2014-05-26"),
    ("DescribeRegions", "2014-05-26"),
]


# --- Capturing what the SDK sends --------------------------------------------------------


class _Captured:
    prepared: requests.PreparedRequest | None = None
    v3_sign_call: dict | None = None
    v2_sign_call: dict | None = None
    timestamp = "1970-01-01T00:00:00Z"
    nonce = "0"


class _FakeResponse:
    reason = "OK"
    status_code = 200
    headers = {"content-type": "application/json;charset=utf-8"}
    content = b"{}"


class _FakeSession:
    def send(self, prepared, **_kwargs):
        _Captured.prepared = prepared
        return _FakeResponse()


_original_get_authorization = Utils.get_authorization
_original_get_rpcsignature = Utils.get_rpcsignature


def _recording_get_authorization(request, sign_type, payload, ak, secret):
    authorization = _original_get_authorization(request, sign_type, payload, ak, secret)
    _Captured.v3_sign_call = {
        "method": request.method,
        "pathname": request.pathname,
        "query": dict(request.query),
        "headers": dict(request.headers),
        "sign_type": sign_type,
        "payload": payload,
        "authorization": authorization,
    }
    return authorization


def _recording_get_rpcsignature(signed_params, method, secret):
    signature = _original_get_rpcsignature(signed_params, method, secret)
    _Captured.v2_sign_call = {
        "params": dict(signed_params),
        "method": method,
        "signature": signature,
    }
    return signature


def install_capture():
    DaraCore._get_session = staticmethod(lambda **_kwargs: _FakeSession())
    Utils.get_timestamp = staticmethod(lambda: _Captured.timestamp)
    Utils.get_nonce = staticmethod(lambda: _Captured.nonce)
    Utils.get_authorization = staticmethod(_recording_get_authorization)
    Utils.get_rpcsignature = staticmethod(_recording_get_rpcsignature)


# --- The SDK's intermediate steps ---------------------------------------------------------


def v3_steps(call: dict, secret: str) -> dict:
    """The canonical request and string to sign of a `get_authorization` call, made as that
    function makes them (its body, with the SDK's own helpers), checked against its result."""
    canonical_uri = call["pathname"] if call["pathname"] else "/"
    canonical_query = sdk_utils.get_canonical_query_string(call["query"])
    canonical_headers, signed_headers = sdk_utils.get_canonicalized_headers(call["headers"])
    canonical_request = (
        f"{call['method']}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n"
        f"{signed_headers}\n{call['payload']}"
    )
    sign_type = call["sign_type"]
    string_to_sign = (
        f"{sign_type}\n"
        f"{Utils.hex_encode(Utils.hash(canonical_request.encode('utf-8'), sign_type))}"
    )
    signature = Utils.hex_encode(sdk_utils.signature_method(secret, string_to_sign, sign_type))
    authorization = call["authorization"]
    if not authorization.endswith(f",Signature={signature}"):
        raise SystemExit(f"replicated V3 steps disagree with the SDK: {authorization}")
    return {
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signature": signature,
        "authorization": authorization,
    }


def v2_steps(call: dict, secret: str) -> dict:
    """The canonicalized query and string to sign of a `get_rpcsignature` call, made as that
    function makes them, checked against its result."""
    params = call["params"]
    canonicalized = "&".join(
        f"{quote(k, safe='~', encoding='utf-8')}={quote(params[k], safe='~', encoding='utf-8')}"
        for k in sorted(params)
        if params[k] is not None
    )
    string_to_sign = f"{call['method']}&%2F&{quote_plus(canonicalized, safe='~', encoding='utf-8')}"
    digest = hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    signature = base64.b64encode(digest).decode()
    if signature != call["signature"]:
        raise SystemExit(f"replicated V2 steps disagree with the SDK: {call['signature']}")
    return {
        "canonical_request": canonicalized,
        "string_to_sign": string_to_sign,
        "signature": signature,
    }


def sent_request(prepared: requests.PreparedRequest) -> dict:
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return {
        "method": prepared.method,
        "url": prepared.url,
        "headers": [[name, value] for name, value in prepared.headers.items()],
        "body_base64": base64.b64encode(body).decode(),
    }


# --- Random inputs ------------------------------------------------------------------------


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def text(self, lo: int, hi: int, special: float = 0.3) -> str:
        out = []
        for _ in range(self.rng.randint(lo, hi)):
            roll = self.rng.random()
            if roll < special:
                out.append(self.rng.choice(SPECIAL))
            elif roll < special + 0.1:
                out.append(self.rng.choice(NON_ASCII))
            else:
                out.append(self.rng.choice(UNRESERVED))
        return "".join(out)

    def value(self) -> str:
        roll = self.rng.random()
        if roll < 0.08:
            return ""
        if roll < 0.15:
            return self.rng.choice([" ~/*-+", "a b", "*", "=&%", "100%", "中文 ü", "+/="])
        return self.text(1, 24)

    def safe_name(self, taken: set) -> str:
        while True:
            if self.rng.random() < 0.2:
                name = f"Tag.{self.rng.randint(1, 20)}.{self.rng.choice(['Key', 'Value'])}"
            else:
                first = self.rng.choice(ALNUM)
                name = first + "".join(
                    self.rng.choice(UNRESERVED) for _ in range(self.rng.randint(0, 16))
                )
            if name not in taken and name not in V2_SIGNER_PARAMS and name != "Format":
                taken.add(name)
                return name

    def any_name(self, taken: set) -> str:
        while True:
            name = self.text(1, 12, special=0.35)
            if name not in taken and name not in V2_SIGNER_PARAMS and name != "Format":
                taken.add(name)
                return name

    def params(self, taken: set, lo: int, hi: int, names) -> dict:
        return {names(taken): self.value() for _ in range(self.rng.randint(lo, hi))}

    def time(self) -> tuple[str, int]:
        start = int(dt.datetime(2016, 1, 1, tzinfo=dt.timezone.utc).timestamp())
        end = int(dt.datetime(2035, 12, 31, tzinfo=dt.timezone.utc).timestamp())
        seconds = self.rng.randint(start, end)
        text = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return text, seconds

    def nonce(self) -> str:
        if self.rng.random() < 0.7:
            return "%032x" % self.rng.getrandbits(128)
        h = "%032x" % self.rng.getrandbits(128)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def access_key_id(self) -> str:
        return "LTAI" + "".join(self.rng.choice(ALNUM) for _ in range(20))

    def secret(self) -> str:
        return "".join(self.rng.choice(ALNUM) for _ in range(30))

    def token(self) -> str | None:
        if self.rng.random() < 0.4:
            return None
        alphabet = ALNUM + "+/"
        body = "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(40, 300)))
        return "CAIS" + body + self.rng.choice(["", "=", "=="])

    def host(self) -> str:
        region = self.rng.choice(
            ["cn-shanghai", "cn-hongkong", "ap-northeast-2", "ap-southeast-1", "us-west-1"]
        )
        return self.rng.choice([f"cloudsso.{region}.aliyuncs.com", f"ecs.{region}.aliyuncs.com"])

    def header_value(self) -> str:
        # What requests lets through: no leading whitespace, no CR/LF, ASCII only.
        chars = ALNUM + " *~/+=&%:;,()-_."
        first = self.rng.choice(ALNUM)
        rest = "".join(self.rng.choice(chars) for _ in range(self.rng.randint(0, 20)))
        return first + rest + self.rng.choice(["", "", " ", "  "])


def rsa_key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


# --- Cases --------------------------------------------------------------------------------


def call_sdk(config: open_api_models.Config, params, request) -> None:
    _Captured.prepared = None
    _Captured.v3_sign_call = None
    _Captured.v2_sign_call = None
    Client(config).call_api(params, request, RuntimeOptions())
    if _Captured.prepared is None:
        raise SystemExit("the SDK sent nothing")


def v3_client_case(gen: Gen, index: int, algorithm: str, special_names: bool, rsa_keys) -> dict:
    rng = gen.rng
    action, version = rng.choice(ACTIONS)
    host = gen.host()
    ak = gen.access_key_id()
    if algorithm == "ACS3-RSA-SHA256":
        secret, verify_key = rng.choice(rsa_keys)
    else:
        secret = gen.secret()
        verify_key = secret
    token = gen.token()
    date, epoch = gen.time()
    nonce = gen.nonce()

    style = rng.choice(["RPC", "RPC", "RPC", "ROA"])
    if style == "RPC":
        method = rng.choice(["POST", "POST", "GET"])
        pathname = "/"
    else:
        method = rng.choice(["GET", "POST", "PUT", "DELETE"])
        segments = [gen.text(1, 10) for _ in range(rng.randint(1, 3))]
        pathname = "/" + "/".join(Utils.get_encode_param(s) for s in segments)
        if rng.random() < 0.3:
            pathname += "/"
    taken: set = set()
    names = gen.any_name if special_names else gen.safe_name
    query = gen.params(taken, 0 if not special_names else 1, 8, names)
    if special_names and all(quote(k, safe="~") == k for k in query):
        query[gen.any_name(taken) + " *"] = gen.value()

    headers = {}
    for _ in range(rng.choice([0, 0, 1, 2])):
        name = rng.choice(["x-acs-", "X-Acs-", "x-custom-", "X-Trace-"]) + "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-") for _ in range(rng.randint(1, 10))
        )
        if name.lower() not in V3_SIGNER_HEADERS and not name.lower().startswith("x-acs-signature"):
            headers[name] = gen.header_value()

    body_kind = rng.choice(["none", "none", "form", "json", "byte"]) if method != "GET" else "none"
    req_body_type = {"none": "formData", "form": "formData", "json": "json", "byte": "byte"}[
        body_kind
    ]
    body = None
    if body_kind in ("form", "json"):
        body = gen.params(set(taken), 1, 5, names)
    elif body_kind == "byte":
        body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 64)))

    config = open_api_models.Config(
        access_key_id=ak,
        access_key_secret=secret,
        security_token=token,
        endpoint=host,
        protocol="https",
        signature_algorithm=algorithm,
    )
    params = open_api_models.Params(
        action=action,
        version=version,
        protocol="HTTPS",
        pathname=pathname,
        method=method,
        auth_type="AK",
        style=style,
        req_body_type=req_body_type,
        body_type="json",
    )
    request = open_api_models.OpenApiRequest(
        headers=dict(headers), query=dict(query), body=body
    )
    _Captured.timestamp, _Captured.nonce = date, nonce
    call_sdk(config, params, request)
    call = _Captured.v3_sign_call
    if call is None:
        raise SystemExit("the SDK did not call get_authorization")
    steps = v3_steps(call, secret)
    # The request as the caller and the SDK's transport made it, before the signer's headers.
    unsigned_headers = [
        [name, value]
        for name, value in call["headers"].items()
        if name.lower() not in V3_SIGNER_HEADERS
    ]
    sent = sent_request(_Captured.prepared)
    return {
        "id": f"v3-{'special-' if special_names else ''}{algorithm}-{index:03}",
        "kind": "v3-client-special-names" if special_names else f"v3-client-{algorithm}",
        "algorithm": algorithm,
        "input": {
            "method": method,
            "host": host,
            "pathname": pathname,
            "query": [[k, v] for k, v in query.items()],
            "headers": unsigned_headers,
            "body_base64": sent["body_base64"],
            "action": action,
            "version": version,
            "access_key_id": ak,
            "access_key_secret": secret,
            "verify_key": verify_key,
            "security_token": token,
            "date": date,
            "epoch_seconds": epoch,
            "nonce": nonce,
        },
        "sdk": {**steps, "sent": sent},
    }


def v3_prepared_case(gen: Gen, index: int) -> dict:
    """`Utils.get_authorization` on a request as given (no headers added), like the helper
    library's own test: repeated header names in different case, any payload hash."""
    rng = gen.rng
    algorithm = rng.choice(["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"])
    taken: set = set()
    query = gen.params(taken, 0, 6, gen.safe_name)
    headers = {}
    for _ in range(rng.randint(1, 4)):
        base = "x-acs-" + "".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 4)))
        headers[base] = gen.header_value()
        if rng.random() < 0.5:
            headers[base.upper()] = gen.header_value()
    if rng.random() < 0.5:
        headers["host"] = gen.host()
    payload = Utils.hex_encode(Utils.hash(gen.text(0, 20).encode(), algorithm))
    method = rng.choice(["GET", "POST"])
    ak, secret = gen.access_key_id(), gen.secret()

    class _Request:
        pass

    request = _Request()
    request.method = method
    request.pathname = "/"
    request.query = dict(query)
    request.headers = dict(headers)
    authorization = Utils.get_authorization(request, algorithm, payload, ak, secret)
    steps = v3_steps(_Captured.v3_sign_call, secret)
    if steps["authorization"] != authorization:
        raise SystemExit("recorded get_authorization call does not match")
    return {
        "id": f"v3-prepared-{algorithm}-{index:03}",
        "kind": "v3-prepared",
        "algorithm": algorithm,
        "input": {
            "method": method,
            "pathname": "/",
            "query": [[k, v] for k, v in query.items()],
            "headers": [[k, v] for k, v in headers.items()],
            "payload_hash": payload,
            "access_key_id": ak,
            "access_key_secret": secret,
        },
        "sdk": steps,
    }


def v2_client_case(gen: Gen, index: int) -> dict:
    rng = gen.rng
    action, version = rng.choice(ACTIONS)
    host = gen.host()
    ak, secret, token = gen.access_key_id(), gen.secret(), gen.token()
    date, epoch = gen.time()
    nonce = gen.nonce()
    method = rng.choice(["GET", "POST"])
    taken: set = set()
    query = gen.params(taken, 0, 8, gen.any_name)
    body = None
    if method == "POST" and rng.random() < 0.5:
        body = gen.params(taken, 1, 6, gen.any_name)
    config = open_api_models.Config(
        access_key_id=ak,
        access_key_secret=secret,
        security_token=token,
        endpoint=host,
        protocol="https",
        signature_algorithm="v2",
    )
    params = open_api_models.Params(
        action=action,
        version=version,
        protocol="HTTPS",
        pathname="/",
        method=method,
        auth_type="AK",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )
    request = open_api_models.OpenApiRequest(query=dict(query), body=body)
    _Captured.timestamp, _Captured.nonce = date, nonce
    call_sdk(config, params, request)
    call = _Captured.v2_sign_call
    if call is None:
        raise SystemExit("the SDK did not call get_rpcsignature")
    steps = v2_steps(call, secret)
    sent = sent_request(_Captured.prepared)
    # The parameters the SDK adds that our signer leaves to the caller: `Format` (lower-case
    # `json` in this SDK, where our signer's own `Format` parameter would say `JSON`).
    extra = [
        [k, v]
        for k, v in call["params"].items()
        if k not in V2_SIGNER_PARAMS and k not in query and not (body and k in body)
    ]
    return {
        "id": f"v2-{method}-{index:03}",
        "kind": "v2-client",
        "algorithm": "HMAC-SHA1",
        "input": {
            "method": method,
            "host": host,
            "pathname": "/",
            "query": [[k, v] for k, v in query.items()] + extra,
            "body_params": [[k, v] for k, v in (body or {}).items()],
            "headers": [["content-type", "application/x-www-form-urlencoded"]] if body else [],
            "body_base64": sent["body_base64"],
            "action": action,
            "version": version,
            "access_key_id": ak,
            "access_key_secret": secret,
            "verify_key": secret,
            "security_token": token,
            "date": date,
            "epoch_seconds": epoch,
            "nonce": nonce,
        },
        "sdk": {**steps, "sent": sent},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20210515)
    args = parser.parse_args()

    install_capture()
    gen = Gen(args.seed)
    rsa_keys = [rsa_key_pair() for _ in range(3)]
    cases = []
    for algorithm in ("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "ACS3-RSA-SHA256"):
        for i in range(COUNTS[f"v3-client-{algorithm}"]):
            cases.append(v3_client_case(gen, i, algorithm, False, rsa_keys))
    for i in range(COUNTS["v3-client-special-names"]):
        algorithm = gen.rng.choice(["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"])
        cases.append(v3_client_case(gen, i, algorithm, True, rsa_keys))
    for i in range(COUNTS["v3-prepared"]):
        cases.append(v3_prepared_case(gen, i))
    for i in range(COUNTS["v2-client"]):
        cases.append(v2_client_case(gen, i))

    document = {
        "generator": "interop/signer/generate.py",
        "seed": args.seed,
        "sdk": {name: importlib.metadata.version(name) for name in SDK_PACKAGES},
        "counts": COUNTS,
        "cases": cases,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
    print(f"wrote {len(cases)} cases to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
