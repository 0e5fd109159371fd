"""Checks the golden cases of `cloudsso sign` (fixtures/cli-sign) against the official Python SDK.

Each case's expected.json is the signed request `cloudsso sign --output json` prints. Here the
SDK's own functions recompute what it must hold, independently of our signer and codec:
- the operation's parameters: the SDK flattens the case's `sdk_parameters` (the request as
  the SDK's model holds it) with `Utils.query`, JSON-text parameters first turned into their
  text with `Utils.array_to_string_with_specified_style(value, name, "json")`, as the SDK's
  client does for its `*Shrink` fields; the result must equal the request's own parameters;
- V3: `Utils.get_authorization` over the request's method, path, query and signed headers
  must equal its `authorization` header;
- V2: `Utils.get_rpcsignature` over its query parameters must equal its `Signature`.
Run from the repository root inside the interop virtual environment.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from alibabacloud_tea_openapi.utils import Utils

ROOT = Path("fixtures/cli-sign")
# V2 common parameters the signer adds; everything else in the query is the operation's.
V2_COMMON = {
    "AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce",
    "SignatureVersion", "Timestamp", "Version", "Signature", "SecurityToken",
}


class _Request:
    """The shape `Utils.get_authorization` reads: method, pathname, query, headers."""

    def __init__(self, method, pathname, query, headers):
        self.method = method
        self.pathname = pathname
        self.query = query
        self.headers = headers


def sdk_query(command: dict) -> dict:
    """The operation's parameters as the SDK's client puts them in the query."""
    parameters = dict(command["sdk_parameters"])
    for name in command.get("sdk_json_parameters", []):
        parameters[name] = Utils.array_to_string_with_specified_style(
            parameters[name], name, "json"
        )
    return {k: str(v) for k, v in Utils.query(parameters).items()}


def check(case: Path) -> str:
    command = json.loads((case / "command.json").read_text(encoding="utf-8"))
    request = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    key_id = command["env"]["ALIBABA_CLOUD_ACCESS_KEY_ID"]
    secret = command["env"]["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
    url = urlsplit(request["url"])
    query = dict(parse_qsl(url.query, keep_blank_values=True))
    headers = dict(request["headers"])
    failures = []

    own = {k: v for k, v in query.items() if k not in V2_COMMON}
    expected_params = sdk_query(command)
    if own != expected_params:
        failures.append(f"parameters: the SDK sends\n  {expected_params}\nthe fixture has\n  {own}")

    if "authorization" in headers:
        expected = headers["authorization"]
        algorithm = expected.split(" ", 1)[0]
        signed = expected.split("SignedHeaders=")[1].split(",")[0].split(";")
        signed_headers = {n: v for n, v in headers.items() if n in signed}
        got = Utils.get_authorization(
            _Request(request["method"], url.path or "/", query, signed_headers),
            algorithm,
            signed_headers["x-acs-content-sha256"],
            key_id,
            secret,
        )
    else:
        expected = query["Signature"]
        params = {k: v for k, v in query.items() if k != "Signature"}
        got = Utils.get_rpcsignature(params, request["method"], secret)
    if got != expected:
        failures.append(f"signature: the SDK computes\n  {got}\nthe fixture has\n  {expected}")
    if failures:
        raise SystemExit(f"{case.name}:\n" + "\n".join(failures))
    return case.name


def main() -> None:
    checked = [check(case) for case in sorted(p for p in ROOT.iterdir() if p.is_dir())]
    if len(checked) < 6:
        raise SystemExit(f"only {len(checked)} cli-sign cases found; expected at least 6")
    print(f"check_cli_fixtures: {len(checked)} cloudsso sign fixtures equal the SDK's parameters and signatures")
    for name in checked:
        print(f"  ok {name}")


if __name__ == "__main__":
    sys.exit(main())
