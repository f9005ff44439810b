// Drives the token service's own pages over HTTP, as a browser would submit their forms: the
// device code verification page (/devicelogin) and the sign-in page of the authorization code
// flow. Each form carries an anti-forgery token that must come back with its cookie.

// The form token a page's answer set as its cookie.
function formToken(response) {
  const cookie = response.headers.get("set-cookie") ?? "";
  const m = cookie.match(/pal_form_token=([^;]+)/);
  if (!m) throw new Error(`no form token cookie (${response.status}): ${cookie}`);
  return m[1];
}

async function post(url, token, fields) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `pal_form_token=${token}` },
    body: new URLSearchParams({ form_token: token, ...fields }),
  });
}

// Enters `userCode` on the verification page and signs in as `user` ({name, secret}); `action`
// "allow" or "deny". Resolves with the last page's status and text.
export async function approveDeviceCode(verificationUri, userCode, user, action = "allow") {
  const first = await fetch(verificationUri);
  const entered = await post(verificationUri, formToken(first), { step: "code", code: userCode });
  if (entered.status !== 200) return { status: entered.status, text: await entered.text() };
  const done = await post(verificationUri, formToken(entered), {
    step: "signin", code: userCode, username: user.name, password: user.secret, action });
  return { status: done.status, text: await done.text() };
}

// Opens the authorization URL, signs in as `user` and resolves with the redirect's Location (or
// the page's status and text when it did not redirect).
export async function signInOnPage(authorizeUrl, user) {
  const page = await fetch(authorizeUrl, { redirect: "manual" });
  if (page.status !== 200) return { status: page.status, text: await page.text(), location: page.headers.get("location") };
  const url = new URL(authorizeUrl);
  const fields = Object.fromEntries(url.searchParams);
  const answer = await post(`${url.origin}${url.pathname}`, formToken(page),
    { ...fields, username: user.name, password: user.secret });
  return { status: answer.status, text: await answer.text(), location: answer.headers.get("location") };
}
