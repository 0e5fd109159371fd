// The headless Chromium story against `cloudsso serve` (.ci/interop-browser.sh):
// an admin (`cloudsso call`) creates a user, a group, an access configuration and an
// assignment, sets a password that must be changed, lets users get credentials and enables
// MFA with SetMFAAuthenticationStatus; `cloudsso login` starts; Debian's Chromium, driven by
// playwright-core, opens the verification URL, enters the user code, signs in, changes the
// password, binds a TOTP device (the codes computed here, RFC 6238 with node:crypto) and
// approves; the login completes; a `cloudsso call` with the new profile succeeds; after
// DeleteAccessAssignment, fresh credentials are refused. A screenshot of each page is kept.
//
//   node story.js CLOUDSSO HOST:PORT SCREENSHOT_DIR [CHROMIUM]
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { chromium } = require('playwright-core');

const [cloudsso, address, shots, executable = '/usr/bin/chromium'] = process.argv.slice(2);
const endpoint = `http://${address}`;
const DIRECTORY = 'd-00fc2p61****';
const MEMBER = '1111111111111111';
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'interop-browser-'));
const env = {
  HOME: home,
  PATH: process.env.PATH,
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
};
const admin = { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: 'testid', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testsecret' };

function call(action, params, environment = admin) {
  const args = ['call', action, '--endpoint', endpoint];
  for (const [name, value] of Object.entries(params)) args.push(`--${name}`, value);
  return JSON.parse(execFileSync(cloudsso, args, { env: environment, encoding: 'utf8' }));
}

function totp(base32, seconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const digest = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const d = { DirectoryId: DIRECTORY };
  const name = call('GetDirectory', d).Directory.DirectoryName;
  const user = call('CreateUser', { ...d, UserName: 'alice' }).User.UserId;
  call('ResetUserPassword', { ...d, UserId: user, Password: 'Initial-Pass-1', RequirePasswordResetForNextLogin: 'true' });
  const group = call('CreateGroup', { ...d, GroupName: 'devs' }).Group.GroupId;
  call('AddUserToGroup', { ...d, GroupId: group, UserId: user });
  const ac = call('CreateAccessConfiguration', { ...d, AccessConfigurationName: 'ReadOnly', SessionDuration: '3600' })
    .AccessConfiguration.AccessConfigurationId;
  const assignment = {
    ...d, AccessConfigurationId: ac, TargetType: 'RD-Account', TargetId: MEMBER,
    PrincipalType: 'Group', PrincipalId: group,
  };
  call('CreateAccessAssignment', assignment);
  call('SetLoginPreference', { ...d, AllowUserToGetCredentials: 'true' });
  call('SetMFAAuthenticationStatus', { ...d, MFAAuthenticationStatus: 'Enabled' });

  const signInUrl = `${endpoint}/${name}/login`;
  const login = spawn(cloudsso, ['login', '--profile', 'sso', '--sign-in-url', signInUrl, '--no-browser'], { env });
  let output = '';
  login.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => login.on('exit', resolve));
  const userCode = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: login.stdout });
    lines.on('line', (line) => {
      output += `${line}\n`;
      if (line.startsWith('User code: ')) resolve(line.slice('User code: '.length).trim());
    });
    login.on('exit', () => reject(new Error(`cloudsso login ended early:\n${output}`)));
  });

  const browser = await chromium.launch({ executablePath: executable, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    let n = 0;
    const shot = async (label) => {
      n += 1;
      await page.screenshot({ path: path.join(shots, `${String(n).padStart(2, '0')}-${label}.png`), fullPage: true });
    };
    await page.goto(`${endpoint}/device/code?user_code=${userCode}`);
    check((await page.inputValue('#user_code')) === userCode, 'the user code is not filled in');
    await shot('user-code');
    await page.click('#submit-code');
    await page.waitForSelector('h1:text("Sign in")');
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill('Initial-Pass-1');
    await shot('sign-in');
    await page.click('#submit-password');
    await page.waitForSelector('h1:text("Change your password")');
    await page.getByLabel('New password', { exact: true }).fill('Changed-Pass-2');
    await page.getByLabel('Confirm new password').fill('Changed-Pass-2');
    await shot('change-password');
    await page.click('#submit-change-password');
    await page.waitForSelector('h1:text("Bind an MFA device")');
    const secret = (await page.textContent('#totp-secret')).trim();
    check((await page.textContent('#totp-uri')).startsWith('otpauth://totp/CloudSSO:'), 'no otpauth URI');
    await page.getByLabel('Code from the device').fill(totp(secret, Date.now() / 1000));
    await shot('bind-mfa');
    await page.click('#submit-bind-mfa');
    await page.waitForSelector('h1:text("Approve sign-in")');
    check((await page.textContent('#user-code')) === userCode, 'the approval names another code');
    await shot('approve');
    await page.click('#submit-approve');
    await page.waitForSelector('#done');
    await shot('approved');
    // The portal's own page, signed in: the access granted.
    await page.goto(signInUrl);
    await page.waitForSelector('#signed-in');
    check((await page.textContent('table')).includes('ReadOnly'), 'the access granted is not shown');
    await shot('portal');
  } finally {
    await browser.close();
  }

  const code = await exited;
  check(code === 0, `cloudsso login exited ${code}:\n${output}`);
  check(output.includes('You have successfully logged in.'), output);
  const devices = call('ListMFADevicesForUser', { ...d, UserId: user }).MFADevices;
  check(devices.length === 1 && devices[0].DeviceType === 'TOTP', JSON.stringify(devices));

  // The new profile works.
  const listed = call('ListDirectories', { profile: 'sso' }, env);
  check(typeof listed.RequestId === 'string', JSON.stringify(listed));

  // After DeleteAccessAssignment, fresh credentials are refused.
  call('DeleteAccessAssignment', assignment);
  const config = JSON.parse(fs.readFileSync(path.join(home, '.aliyun', 'config.json'), 'utf8'));
  const profile = config.profiles.find((p) => p.name === 'sso');
  const refused = await fetch(`${endpoint}/cloud-credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${profile.access_token}` },
    body: JSON.stringify({ AccountId: MEMBER, AccessConfigurationId: ac }),
  });
  const body = await refused.json();
  check(refused.status === 403 && body.ErrorCode === 'NoPermission.AccessAssignment', JSON.stringify(body));
  console.log(`interop-browser: Chromium signed in, changed the password, bound TOTP and approved; `
    + `cloudsso login saved the profile, cloudsso call used it, and fresh credentials were refused `
    + `after DeleteAccessAssignment (${fs.readdirSync(shots).length} screenshots in ${shots})`);
}

main().catch((error) => {
  console.error(`interop-browser: ${error.stack || error}`);
  process.exit(1);
});
