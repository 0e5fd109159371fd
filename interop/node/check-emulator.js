#!/usr/bin/env node
// Alibaba Cloud's official Node.js SDK against `cloudsso serve`.
//
// There is no CloudSSO-specific Node package, so every operation goes through the generic
// client's `callApi` with the `Params` the generated clients pass (RPC style, POST, path `/`,
// parameters in the query, JSON answer), once with the default V3 signing (ACS3-HMAC-SHA256,
// `doRequest`) and once with `signatureAlgorithm: 'v2'` (`doRPCRequest`, HMAC-SHA1):
// - SetMFAAuthenticationStatus and GetMFAAuthenticationSettingInfo round-trip the status; a
//   wrong secret, an unknown directory and an invalid status value raise the SDK's own error
//   with the right code and HTTP status;
// - CreateDirectory, GetDirectory, ListDirectories and DeleteDirectory agree with each other
//   (then the directory is EntityNotExists.Directory), and an invalid name is refused;
// - UpdateMFAAuthenticationSettings (AllowedVerificationTypes JSON-encoded, as the generated
//   clients encode it) is what GetMFAAuthenticationSettings, GetMFAAuthenticationSettingInfo
//   and GetMFAAuthenticationStatus report; Update/GetUserMFAAuthenticationSettings keep a
//   user's own setting;
// - an unknown action raises InvalidAction.NotFound.
// The same checks as interop/emulator/check_sdk.py makes with the Python SDK.
//
// Usage: node check-emulator.js HOST:PORT (the emulator, plain HTTP). Exits non-zero on any
// failure.

'use strict';

const OpenApi = require('@alicloud/openapi-client');
const OpenApiUtil = require('@alicloud/openapi-util').default;
const { RuntimeOptions } = require('@alicloud/tea-util');

const VERSION = '2021-05-15';
const DIRECTORY = 'd-00fc2p61****';

let passed = 0;
const failures = [];

function check(name, condition, detail = '') {
  if (condition) {
    passed += 1;
    console.log(`PASS ${name}`);
  } else {
    failures.push(name);
    console.log(`FAIL ${name} ${detail}`);
  }
}

function client(endpoint, { secret = 'testsecret', v2 = false } = {}) {
  const config = new OpenApi.Config({
    accessKeyId: 'testid',
    accessKeySecret: secret,
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
  });
  if (v2) config.signatureAlgorithm = 'v2';
  return new OpenApi.default(config);
}

// One operation as a generated client calls it: parameters flattened into the query.
async function call(sdk, action, query = {}) {
  const params = new OpenApi.Params({
    action,
    version: VERSION,
    protocol: 'HTTP',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(query) });
  // No retries: every answer is judged as the emulator gave it.
  const runtime = new RuntimeOptions({ autoretry: false, maxAttempts: 1 });
  return sdk.callApi(params, request, runtime);
}

// The SDK's own error with this code, HTTP status and a request ID: tea's `newError`, whose
// `statusCode` it takes from the error body the client parsed (`data`). (Compiled to ES5, that
// class's instances are plain `Error`s by constructor, so the fields are what tell.)
async function expectError(name, code, status, promise) {
  try {
    await promise;
    check(`${name} raises ${code}`, false, '(no error)');
  } catch (error) {
    check(
      `${name} raises ${code}`,
      error instanceof Error &&
        error.code === code &&
        error.statusCode === status &&
        Boolean(error.data && error.data.RequestId),
      `(got code=${error.code} status=${error.statusCode} message=${error.message})`,
    );
  }
}

const show = (value) => JSON.stringify(value);

async function mfaStatus(endpoint, label, v2) {
  const sdk = client(endpoint, { v2 });
  for (const status of ['Enabled', 'Disabled']) {
    const set = await call(sdk, 'SetMFAAuthenticationStatus', {
      DirectoryId: DIRECTORY,
      MFAAuthenticationStatus: status,
    });
    check(
      `${label} SetMFAAuthenticationStatus ${status}`,
      set.statusCode === 200 && Boolean(set.body.RequestId),
      `(${set.statusCode} ${show(set.body)})`,
    );
    const got = await call(sdk, 'GetMFAAuthenticationSettingInfo', { DirectoryId: DIRECTORY });
    const info = got.body.MFAAuthenticationSettingInfo;
    check(
      `${label} GetMFAAuthenticationSettingInfo reads back ${status}`,
      Boolean(info) && info.MfaAuthenticationAdvanceSettings === status && info.OperationForRiskLogin === undefined,
      `(${show(got.body)})`,
    );
  }
  await expectError(
    `${label} wrong secret`,
    'SignatureDoesNotMatch',
    400,
    call(client(endpoint, { secret: 'wrong', v2 }), 'GetMFAAuthenticationSettingInfo', { DirectoryId: DIRECTORY }),
  );
  await expectError(
    `${label} unknown directory`,
    'EntityNotExists.Directory',
    404,
    call(sdk, 'GetMFAAuthenticationSettingInfo', { DirectoryId: 'd-unknown' }),
  );
  await expectError(
    `${label} invalid status value`,
    'InvalidMFAAuthenticationStatus',
    400,
    call(sdk, 'SetMFAAuthenticationStatus', { DirectoryId: DIRECTORY, MFAAuthenticationStatus: 'Sometimes' }),
  );
}

async function directoriesAndSettings(endpoint, label, v2) {
  const sdk = client(endpoint, { v2 });
  const name = `interop-node-${label.toLowerCase()}`;
  const created = (await call(sdk, 'CreateDirectory', { DirectoryName: name })).body.Directory;
  const directory = created && created.DirectoryId;
  check(
    `${label} CreateDirectory`,
    Boolean(created) &&
      directory.startsWith('d-') &&
      created.DirectoryName === name &&
      Boolean(created.Region) &&
      Boolean(created.CreateTime),
    `(${show(created)})`,
  );
  const got = (await call(sdk, 'GetDirectory', { DirectoryId: directory })).body.Directory;
  check(`${label} GetDirectory reads back CreateDirectory`, show(got) === show(created), `(${show(got)} vs ${show(created)})`);
  let listed = (await call(sdk, 'ListDirectories')).body;
  let ids = (listed.Directories || []).map((d) => d.DirectoryId);
  check(
    `${label} ListDirectories lists both`,
    ids.includes(DIRECTORY) && ids.includes(directory) && listed.TotalCounts === ids.length,
    `(${show(listed)})`,
  );
  await expectError(
    `${label} invalid directory name`,
    'InvalidDirectoryName',
    400,
    call(sdk, 'CreateDirectory', { DirectoryName: 'd-Not_Valid' }),
  );

  const updated = await call(sdk, 'UpdateMFAAuthenticationSettings', {
    DirectoryId: directory,
    MFAAuthenticationSettings: 'Byuser',
    OperationForRiskLogin: 'Autonomous',
    // The generated clients send this list as JSON (style "json").
    AllowedVerificationTypes: OpenApiUtil.arrayToStringWithSpecifiedStyle(
      ['TOTP', 'WebAuthn'],
      'AllowedVerificationTypes',
      'json',
    ),
  });
  check(
    `${label} UpdateMFAAuthenticationSettings`,
    updated.statusCode === 200 && Boolean(updated.body.RequestId),
    `(${updated.statusCode} ${show(updated.body)})`,
  );
  const settings = (await call(sdk, 'GetMFAAuthenticationSettings', { DirectoryId: directory })).body;
  check(
    `${label} GetMFAAuthenticationSettings reads back Byuser`,
    settings.MFAAuthenticationAdvanceSettings === 'Byuser',
    `(${show(settings)})`,
  );
  const info = (await call(sdk, 'GetMFAAuthenticationSettingInfo', { DirectoryId: directory })).body
    .MFAAuthenticationSettingInfo;
  check(
    `${label} GetMFAAuthenticationSettingInfo agrees`,
    Boolean(info) &&
      info.MfaAuthenticationAdvanceSettings === 'Byuser' &&
      info.OperationForRiskLogin === 'Autonomous' &&
      show(info.AllowedVerificationTypes) === show(['TOTP', 'WebAuthn']),
    `(${show(info)})`,
  );
  const status = (await call(sdk, 'GetMFAAuthenticationStatus', { DirectoryId: directory })).body;
  check(
    `${label} GetMFAAuthenticationStatus agrees`,
    status.MFAAuthenticationStatus === 'Enabled',
    `(${show(status)})`,
  );
  const userId = (await call(sdk, 'CreateUser', { DirectoryId: directory, UserName: 'interop' })).body.User.UserId;
  await call(sdk, 'UpdateUserMFAAuthenticationSettings', {
    DirectoryId: directory,
    UserId: userId,
    UserMFAAuthenticationSettings: 'Disabled',
  });
  const user = (await call(sdk, 'GetUserMFAAuthenticationSettings', { DirectoryId: directory, UserId: userId }))
    .body;
  check(
    `${label} Update/GetUserMFAAuthenticationSettings`,
    user.UserMFAAuthenticationSettings === 'Disabled',
    `(${show(user)})`,
  );

  await call(sdk, 'DeleteUser', { DirectoryId: directory, UserId: userId });
  const deleted = await call(sdk, 'DeleteDirectory', { DirectoryId: directory });
  check(
    `${label} DeleteDirectory`,
    deleted.statusCode === 200 && Boolean(deleted.body.RequestId),
    `(${deleted.statusCode} ${show(deleted.body)})`,
  );
  await expectError(
    `${label} deleted directory`,
    'EntityNotExists.Directory',
    404,
    call(sdk, 'GetDirectory', { DirectoryId: directory }),
  );
  listed = (await call(sdk, 'ListDirectories')).body;
  ids = (listed.Directories || []).map((d) => d.DirectoryId);
  check(`${label} ListDirectories after DeleteDirectory`, !ids.includes(directory), `(${show(listed)})`);
  await expectError(
    `${label} unknown action`,
    'InvalidAction.NotFound',
    404,
    call(sdk, 'DeleteEverything', { DirectoryId: DIRECTORY }),
  );
}

async function main() {
  const endpoint = process.argv[2];
  if (!endpoint) throw new Error('usage: check-emulator.js HOST:PORT');
  for (const [label, v2] of [
    ['V3', false],
    ['V2', true],
  ]) {
    await mfaStatus(endpoint, label, v2);
    await directoriesAndSettings(endpoint, label, v2);
  }
  console.log(`${passed} passed, ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    // An answer that was not the expected one, e.g. an error where success was due.
    console.error(error && error.stack ? error.stack : error);
    console.log(`${passed} passed, ${failures.length + 1} failed`);
    process.exit(1);
  },
);
