#!/usr/bin/env node
// Signature cases computed by Alibaba Cloud's official Node.js SDK, for the Rust interop test
// (crates/acs-signer/tests/interop_node.rs).
//
// The inputs are the ones the Python SDK's cases were made from (interop/signer/generate.py
// writes them): every case is replayed through the Node SDK's own request path, and the
// output file has the same format as the Python one, with the Node SDK's steps, signature and
// sent request in place of the Python SDK's (and the Python SDK's canonical request,
// signature and body kept beside them, under `python_sdk`, to compare the two SDKs directly).
//
// - V3 client cases: `@alicloud/openapi-client` `Client.callApi` (-> `doRequest`, which signs
//   with `@alicloud/openapi-util` `getAuthorization`), for ACS3-HMAC-SHA256, ACS3-HMAC-SM3 and
//   ACS3-RSA-SHA256.
// - V3 prepared cases: `getAuthorization` on the request as given.
// - V2 client cases: `callApi` with `signatureAlgorithm: 'v2'` (-> `doRPCRequest`, which signs
//   with `getRPCSignature`).
//
// Nothing leaves the machine: `httpx.request`, which tea-typescript's `doAction` hands the
// built URL and options to, is replaced by a recorder that answers `{}`. The SDK's clock and
// nonce (`getTimestamp`, `getNonce`) are pinned per case. The intermediate steps are not
// recomputed here: the canonical request is the buffer `getAuthorization` passes to the
// package's own `hash`, the string to sign the one it passes to `signatureMethod` (V2: the one
// `getRPCSignature` passes to kitx's HMAC-SHA1, whose canonicalized query is its third
// `&`-separated part, decoded).
//
// One class only the Node SDK is given (`v2-utf16-order`, `v3-utf16-order`): parameter names
// that differ first at a character above U+FFFF against one in U+E000..U+FFFF. JavaScript sorts
// strings by UTF-16 code unit, where the Python SDK and protocol.md sort by code point (the
// same as UTF-8 byte order), so the two orders differ exactly there.
//
// Usage: node sign-cases.js --in PYTHON_CASES.json --out NODE_CASES.json

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');

// A dependency as the package that uses it resolves it, so the patched module is the very
// instance the SDK calls (npm dedupes them today; this keeps it true if it ever does not).
function requireFrom(user, dependency) {
  const base = path.dirname(require.resolve(`${user}/package.json`));
  return require(require.resolve(dependency, { paths: [base] }));
}

const httpx = requireFrom('@alicloud/tea-typescript', 'httpx');
const kitx = requireFrom('@alicloud/openapi-util', 'kitx');
const OpenApiUtil = require('@alicloud/openapi-util').default;
const TeaUtilModule = requireFrom('@alicloud/openapi-client', '@alicloud/tea-util');
const TeaUtil = TeaUtilModule.default;
const OpenApi = require('@alicloud/openapi-client');

const PACKAGES = [
  '@alicloud/openapi-client',
  '@alicloud/openapi-util',
  '@alicloud/tea-typescript',
  '@alicloud/tea-util',
  '@alicloud/credentials',
  'httpx',
  'kitx',
];

// Headers the V3 signer sets and parameters the V2 signer sets; what else the SDK sends is an
// input of the request (the same lists as generate.py's).
const V3_SIGNER_HEADERS = new Set([
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
  'x-acs-security-token',
  'x-acs-accesskey-id',
  'authorization',
]);
const V2_SIGNER_PARAMS = new Set([
  'AccessKeyId',
  'Action',
  'SecurityToken',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'Timestamp',
  'Version',
  'Signature',
]);
// Headers the Python SDK adds itself, which are in its cases' inputs: the Node SDK adds its
// own instead.
const PYTHON_SDK_HEADERS = new Set(['user-agent', 'accept', 'x-acs-credentials-provider', 'content-type']);

// --- Capturing what the SDK computes and sends ---------------------------------------------

const captured = {
  timestamp: '1970-01-01T00:00:00Z',
  nonce: '0',
  sent: null,
  v3: null,
  v2: null,
  inside: null, // the signing call under way, whose hash/HMAC calls are recorded
};

const originals = {
  getAuthorization: OpenApiUtil.getAuthorization,
  hash: OpenApiUtil.hash,
  signatureMethod: OpenApiUtil.signatureMethod,
  getRPCSignature: OpenApiUtil.getRPCSignature,
  sha1: kitx.sha1,
};

function installCapture() {
  OpenApiUtil.getTimestamp = () => captured.timestamp;
  TeaUtil.getNonce = () => captured.nonce;

  OpenApiUtil.getAuthorization = function (request, algorithm, payload, ak, secret) {
    const call = {
      method: request.method,
      pathname: request.pathname,
      query: { ...request.query },
      headers: { ...request.headers },
      algorithm,
      payload,
      hashed: [],
      signed: [],
    };
    captured.inside = call;
    try {
      call.authorization = originals.getAuthorization.call(this, request, algorithm, payload, ak, secret);
    } finally {
      captured.inside = null;
    }
    captured.v3 = call;
    return call.authorization;
  };
  OpenApiUtil.hash = function (raw, algorithm) {
    if (captured.inside && captured.inside.hashed) captured.inside.hashed.push(Buffer.from(raw));
    return originals.hash.call(this, raw, algorithm);
  };
  OpenApiUtil.signatureMethod = function (secret, source, algorithm) {
    const result = originals.signatureMethod.call(this, secret, source, algorithm);
    if (captured.inside && captured.inside.signed) captured.inside.signed.push([source, result]);
    return result;
  };

  OpenApiUtil.getRPCSignature = function (params, method, secret) {
    const call = { params: { ...params }, method, hmac: [] };
    captured.inside = call;
    try {
      call.signature = originals.getRPCSignature.call(this, params, method, secret);
    } finally {
      captured.inside = null;
    }
    captured.v2 = call;
    return call.signature;
  };
  kitx.sha1 = function (data, key, encoding) {
    const result = originals.sha1.call(this, data, key, encoding);
    if (captured.inside && captured.inside.hmac) captured.inside.hmac.push([String(data), result]);
    return result;
  };

  httpx.request = async (url, options) => {
    let body = Buffer.alloc(0);
    if (options.data !== undefined && options.data !== null) {
      const chunks = [];
      for await (const chunk of Readable.from(options.data)) chunks.push(Buffer.from(chunk));
      body = Buffer.concat(chunks);
    }
    captured.sent = {
      method: options.method,
      url,
      headers: Object.entries(options.headers).map(([name, value]) => [name, String(value)]),
      body_base64: body.toString('base64'),
    };
    const response = Readable.from([Buffer.from('{}')]);
    response.statusCode = 200;
    response.statusMessage = 'OK';
    response.headers = { 'content-type': 'application/json;charset=utf-8' };
    return response;
  };
}

// --- The SDK's steps -----------------------------------------------------------------------

function v3Steps(call) {
  if (call.hashed.length !== 1 || call.signed.length !== 1) {
    throw new Error(`getAuthorization hashed ${call.hashed.length} and signed ${call.signed.length} times`);
  }
  const [stringToSign, signatureBytes] = call.signed[0];
  const signature = OpenApiUtil.hexEncode(signatureBytes);
  if (!call.authorization.endsWith(`,Signature=${signature}`)) {
    throw new Error(`recorded V3 steps disagree with the SDK: ${call.authorization}`);
  }
  return {
    canonical_request: call.hashed[0].toString('utf8'),
    string_to_sign: stringToSign,
    signature,
    authorization: call.authorization,
  };
}

function v2Steps(call) {
  if (call.hmac.length !== 1 || call.hmac[0][1] !== call.signature) {
    throw new Error(`recorded V2 steps disagree with the SDK: ${call.signature}`);
  }
  const stringToSign = call.hmac[0][0];
  const parts = stringToSign.split('&');
  if (parts.length !== 3) throw new Error(`unexpected V2 string to sign: ${stringToSign}`);
  return {
    canonical_request: decodeURIComponent(parts[2]),
    string_to_sign: stringToSign,
    signature: call.signature,
  };
}

// --- Replaying a case ----------------------------------------------------------------------

// One request of `input` through the SDK's client, signed with `signatureAlgorithm`, at the
// case's time and with its nonce.
async function callSdk(input, signatureAlgorithm, params, request) {
  captured.sent = null;
  captured.v3 = null;
  captured.v2 = null;
  captured.timestamp = input.date;
  captured.nonce = input.nonce;
  const client = new OpenApi.default(new OpenApi.Config({
    accessKeyId: input.access_key_id,
    accessKeySecret: input.access_key_secret,
    securityToken: input.security_token || undefined,
    endpoint: input.host,
    protocol: 'https',
    signatureAlgorithm,
  }));
  // No retries: one request per case.
  const runtime = new TeaUtilModule.RuntimeOptions({ autoretry: false, maxAttempts: 1 });
  await client.callApi(new OpenApi.Params(params), new OpenApi.OpenApiRequest(request), runtime);
  if (!captured.sent) throw new Error('the SDK sent nothing');
}

function header(headers, name) {
  const found = headers.find(([n]) => n.toLowerCase() === name);
  return found ? found[1] : undefined;
}

// The body the Python case was given, back from what the Python SDK sent: a form or a JSON
// object, or bytes (no content type). The Node SDK encodes it its own way.
function bodyOf(input) {
  const bytes = Buffer.from(input.body_base64 || '', 'base64');
  const type = header(input.headers, 'content-type') || '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { reqBodyType: 'formData', body: Object.fromEntries(new URLSearchParams(bytes.toString('utf8'))) };
  }
  if (type.startsWith('application/json')) {
    return { reqBodyType: 'json', body: JSON.parse(bytes.toString('utf8')) };
  }
  // Raw bytes; none at all is no body (an empty byte body hashes and sends the same).
  if (bytes.length > 0) return { reqBodyType: 'byte', body: bytes };
  return { reqBodyType: 'formData', body: undefined };
}

async function v3ClientCase(pyCase) {
  const input = pyCase.input;
  const { reqBodyType, body } = bodyOf(input);
  const callerHeaders = Object.fromEntries(input.headers.filter(([n]) => !PYTHON_SDK_HEADERS.has(n.toLowerCase())));
  await callSdk(
    input,
    pyCase.algorithm,
    {
      action: input.action,
      version: input.version,
      protocol: 'HTTPS',
      pathname: input.pathname,
      method: input.method,
      authType: 'AK',
      style: input.pathname === '/' ? 'RPC' : 'ROA',
      reqBodyType,
      bodyType: 'json',
    },
    { headers: { ...callerHeaders }, query: Object.fromEntries(input.query), body },
  );
  const call = captured.v3;
  if (!call) throw new Error('the SDK did not call getAuthorization');
  const sent = captured.sent;
  return {
    id: pyCase.id,
    kind: pyCase.kind,
    algorithm: pyCase.algorithm,
    input: {
      ...input,
      // The request as the caller and the SDK made it, before the signer's headers.
      headers: Object.entries(call.headers).filter(([n]) => !V3_SIGNER_HEADERS.has(n.toLowerCase())),
      body_base64: sent.body_base64,
    },
    sdk: { ...v3Steps(call), sent },
    python_sdk: pythonOf(pyCase),
  };
}

function v3PreparedCase(pyCase) {
  const input = pyCase.input;
  const request = {
    method: input.method,
    pathname: input.pathname,
    query: Object.fromEntries(input.query),
    headers: Object.fromEntries(input.headers),
  };
  const authorization = OpenApiUtil.getAuthorization(
    request,
    pyCase.algorithm,
    input.payload_hash,
    input.access_key_id,
    input.access_key_secret,
  );
  const steps = v3Steps(captured.v3);
  if (steps.authorization !== authorization) throw new Error('recorded getAuthorization call does not match');
  return {
    id: pyCase.id,
    kind: pyCase.kind,
    algorithm: pyCase.algorithm,
    input,
    sdk: steps,
    python_sdk: pythonOf(pyCase),
  };
}

async function v2ClientCase(pyCase, kind = pyCase.kind) {
  const input = pyCase.input;
  const body = input.body_params.length > 0 ? Object.fromEntries(input.body_params) : undefined;
  // `Format` is the Python SDK's own parameter (the Node SDK adds its own).
  const query = Object.fromEntries(input.query.filter(([n]) => n !== 'Format'));
  await callSdk(
    input,
    'v2',
    {
      action: input.action,
      version: input.version,
      protocol: 'HTTPS',
      pathname: '/',
      method: input.method,
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    },
    { query: { ...query }, body },
  );
  const call = captured.v2;
  if (!call) throw new Error('the SDK did not call getRPCSignature');
  const sent = captured.sent;
  // The parameters the SDK adds that our signer leaves to the caller (`Format=json`).
  const extra = Object.entries(call.params).filter(
    ([n]) => !V2_SIGNER_PARAMS.has(n) && !(n in query) && !(body && n in body),
  );
  return {
    id: pyCase.id,
    kind,
    algorithm: 'HMAC-SHA1',
    input: {
      ...input,
      query: [...Object.entries(query), ...extra],
      headers: body ? [['content-type', header(sent.headers, 'content-type')]] : [],
      body_base64: sent.body_base64,
    },
    sdk: { ...v2Steps(call), sent },
    python_sdk: pythonOf(pyCase),
  };
}

// What the Python SDK made of the same input, for interop_node.rs to compare the two SDKs.
function pythonOf(pyCase) {
  if (!pyCase.sdk) return null;
  return {
    canonical_request: pyCase.sdk.canonical_request,
    signature: pyCase.sdk.signature,
    sent_body_base64: pyCase.sdk.sent ? pyCase.sdk.sent.body_base64 : null,
  };
}

// --- Node-only: names ordered differently by UTF-16 code unit and by code point ------------

// U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FF01 (and any U+E000..U+FFFF) by code
// unit, after it by code point.
const ASTRAL = ['😀', '𝔸', '🙂'];
const HIGH_BMP = ['！', '\uE000', '￥', '\uFFFD'];

function utf16OrderCases(pyCases) {
  // Inputs borrowed from Python's cases (keys, time, nonce, host), with two extra parameters
  // whose names differ at a character from each list.
  const v3 = pyCases.filter((c) => c.kind === 'v3-client-ACS3-HMAC-SHA256').slice(0, 6);
  const v2 = pyCases.filter((c) => c.kind === 'v2-client').slice(0, 6);
  const rename = (pyCase, i) => {
    const copy = JSON.parse(JSON.stringify(pyCase));
    const stem = `Probe${i}`;
    copy.input.query.push([`${stem}${ASTRAL[i % ASTRAL.length]}`, 'astral']);
    copy.input.query.push([`${stem}${HIGH_BMP[i % HIGH_BMP.length]}`, 'high-bmp']);
    copy.id = copy.id.replace(/^v[23]-/, (m) => `${m}utf16-`);
    copy.sdk = null;
    return copy;
  };
  return {
    v3: v3.map(rename),
    v2: v2.map(rename),
  };
}

// --- Main ----------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] !== '--in' && argv[i] !== '--out') throw new Error(`unknown argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  if (!args.in || !args.out) throw new Error('usage: sign-cases.js --in PYTHON_CASES.json --out NODE_CASES.json');
  return args;
}

function version(name) {
  const file = path.join(path.dirname(require.resolve(`${name}/package.json`, { paths: [__dirname] })), 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const python = JSON.parse(fs.readFileSync(args.in, 'utf8'));
  installCapture();

  const cases = [];
  for (const pyCase of python.cases) {
    if (pyCase.kind.startsWith('v3-client-')) cases.push(await v3ClientCase(pyCase));
    else if (pyCase.kind === 'v3-prepared') cases.push(v3PreparedCase(pyCase));
    else if (pyCase.kind === 'v2-client') cases.push(await v2ClientCase(pyCase));
    else throw new Error(`unknown kind ${pyCase.kind} in ${args.in}`);
  }
  const probes = utf16OrderCases(python.cases);
  for (const pyCase of probes.v3) {
    const replayed = await v3ClientCase(pyCase);
    cases.push({ ...replayed, kind: 'v3-utf16-order' });
  }
  for (const pyCase of probes.v2) cases.push(await v2ClientCase(pyCase, 'v2-utf16-order'));

  const counts = {};
  for (const c of cases) counts[c.kind] = (counts[c.kind] || 0) + 1;
  const sdk = { node: process.versions.node };
  for (const name of PACKAGES) sdk[name] = version(name);
  const document = {
    generator: 'interop/node/sign-cases.js',
    inputs: { generator: python.generator, seed: python.seed, sdk: python.sdk },
    seed: python.seed,
    sdk,
    counts,
    cases,
  };
  fs.writeFileSync(args.out, JSON.stringify(document, null, 1));

  // The two SDKs side by side, on the cases both signed.
  let same = 0;
  let compared = 0;
  for (const c of cases) {
    if (!c.python_sdk) continue;
    compared += 1;
    if (c.python_sdk.canonical_request === c.sdk.canonical_request) same += 1;
  }
  console.log(
    `wrote ${cases.length} cases to ${args.out}; the Node and Python SDKs' canonical requests ` +
      `are identical in ${same} of ${compared} (see interop_node.rs for why the rest differ)`,
  );
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
