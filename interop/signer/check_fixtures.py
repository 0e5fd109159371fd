"""Checks the derived golden cases of fixtures/signer against the official Python SDK.

The derived cases (context.json says "derived": true) were computed by acs-signer. Here the
SDK's own signing functions sign the same requests: `Utils.get_authorization` over the signed
request's method, path, query and signed headers (V3), and `Utils.get_rpcsignature` over its
parameters (V2). Each result must equal the case's `authorization.txt` / `signature.txt`.
Run from the repository root inside the interop virtual environment.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from alibabacloud_tea_openapi.utils import Utils

ROOT = Path("fixtures/signer")


def read(case: Path, name: str) -> str:
    text = (case / name).read_text(encoding="utf-8")
    return text[:-1] if text.endswith("\n") else text


def parse_request(text: str):
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    method, target, _ = lines[0].split(" ")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name, value))
    return method, target, headers, body


class _Request:
    """The shape `Utils.get_authorization` reads: method, pathname, query, headers."""

    def __init__(self, method, pathname, query, headers):
        self.method = method
        self.pathname = pathname
        self.query = query
        self.headers = headers


def check(case: Path) -> str:
    context = json.loads(read(case, "context.json"))
    secret = context["access_key_secret"]
    if secret.startswith("file:"):
        secret = (case / secret[len("file:"):]).read_text(encoding="utf-8")
    method, target, headers, body = parse_request(read(case, "signed-request.txt"))
    url = urlsplit(target)
    query = dict(parse_qsl(url.query, keep_blank_values=True))
    if (case / "authorization.txt").exists():
        expected = read(case, "authorization.txt")
        signed = expected.split("SignedHeaders=")[1].split(",")[0].split(";")
        signed_headers = {n: v for n, v in headers if n in signed}
        got = Utils.get_authorization(
            _Request(method, url.path or "/", query, signed_headers),
            context["algorithm"],
            signed_headers["x-acs-content-sha256"],
            context["access_key_id"],
            secret,
        )
    else:
        expected = read(case, "signature.txt")
        params = dict(query)
        if any(n == "content-type" and "form-urlencoded" in v for n, v in headers):
            params.update(parse_qsl(body, keep_blank_values=True))
        params.pop("Signature", None)
        got = Utils.get_rpcsignature(params, method, secret)
    if got != expected:
        raise SystemExit(f"{case.name}: the SDK computes\n  {got}\nthe fixture has\n  {expected}")
    return case.name


def main() -> None:
    checked = []
    for case in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        context = json.loads(read(case, "context.json"))
        if context.get("derived"):
            checked.append(check(case))
    if len(checked) < 11:
        raise SystemExit(f"only {len(checked)} derived cases found; expected at least 11")
    print(f"check_fixtures: {len(checked)} derived signer fixtures equal the SDK's signatures")
    for name in checked:
        print(f"  ok {name}")


if __name__ == "__main__":
    sys.exit(main())
